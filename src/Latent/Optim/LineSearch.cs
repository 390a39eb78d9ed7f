namespace Latent.Optim;

/// <summary>The outcome of a line search: loss and gradient at the accepted step <see cref="T"/>.</summary>
internal readonly record struct LineSearchResult(double F, float[] G, double T, int Evaluations);

/// <summary>
/// Line searches along a direction <c>d</c> for the closure-based optimizers. <c>phi(t)</c> returns the loss and
/// gradient at <c>x + t·d</c>; <c>gtd</c> is the directional derivative at <c>t = 0</c> (negative for a descent direction).
/// </summary>
internal static class LineSearch
{
    /// <summary>
    /// Strong Wolfe line search (Nocedal &amp; Wright, Algorithms 3.5–3.6), bracketing then zooming with cubic
    /// interpolation; a port of PyTorch's <c>_strong_wolfe</c>. With <c>approximateWolfe = ε</c> it also accepts a point
    /// with <c>|φ'(t)| ≤ c₂|φ'(0)|</c> and <c>φ(t) ≤ φ(0) + ε|φ(0)|</c> (Hager &amp; Zhang, 2005).
    /// </summary>
    public static LineSearchResult StrongWolfe(Func<double, (double F, float[] G)> phi, float[] d, double t, double f, float[] g,
        double gtd, double c1 = 1e-4, double c2 = 0.9, double toleranceChange = 1e-9, int maxLs = 25, double? approximateWolfe = null)
    {
        // Hager–Zhang's approximate Wolfe test: near a minimum, float round-off hides the sufficient decrease, but the
        // slope is still accurate, so accept a point with a small slope whose loss did not rise beyond round-off.
        bool Approximate(double fTrial, double gtdTrial)
            => approximateWolfe is { } eps && Math.Abs(gtdTrial) <= -c2 * gtd && fTrial <= f + eps * Math.Abs(f);

        double dNorm = FlatVector.MaxAbs(d);
        var (fNew, gNew) = phi(t);
        int evals = 1;
        double gtdNew = FlatVector.Dot(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        float[] gPrev = g;
        bool done = false;
        int lsIter = 0;
        double[] bracket = [], bracketF = [], bracketGtd = [];
        float[][] bracketG = [];
        while (lsIter < maxLs)
        {
            if (Approximate(fNew, gtdNew))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([t], [fNew], [gNew], [gtdNew]);
                done = true;
                break;
            }
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([t], [fNew], [gNew], [gtdNew]);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            (tPrev, fPrev, gPrev, gtdPrev) = (tmp, fNew, gNew, gtdNew);
            (fNew, gNew) = phi(t);
            evals++;
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs)
            (bracket, bracketF, bracketG, bracketGtd) = ([0, t], [f, fNew], [g, gNew], [gtd, gtdNew]);

        // Zoom: shrink the bracket until a point satisfies the conditions.
        bool insufficientProgress = false;
        int low = bracketF[0] <= bracketF[^1] ? 0 : 1, high = 1 - low;
        while (!done && lsIter < maxLs)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double bMax = Math.Max(bracket[0], bracket[1]), bMin = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.Min(bMax - t, t - bMin) < eps)
            {
                // Interpolation close to the boundary: step 0.1 away from it when progress has stalled.
                if (insufficientProgress || t >= bMax || t <= bMin)
                {
                    t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufficientProgress = false;
                }
                else insufficientProgress = true;
            }
            else insufficientProgress = false;

            (fNew, gNew) = phi(t);
            evals++;
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;
            if (Approximate(fNew, gtdNew))
            {
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew);
                break;
            }
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[low])
            {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew);
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd) done = true;
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew);
            }
        }
        return new LineSearchResult(bracketF[low], bracketG[low], bracket[low], evals);
    }

    /// <summary>
    /// Backtracking: halves <paramref name="t"/> until <c>f(x + t·d) ≤ f + c1·t·gtd</c>. When no trial step is accepted
    /// within <paramref name="maxLs"/> evaluations it returns <c>t = 0</c> with the starting loss and gradient.
    /// </summary>
    public static LineSearchResult BacktrackingArmijo(Func<double, (double F, float[] G)> phi, double t, double f, float[] g,
        double gtd, double c1 = 1e-4, double shrink = 0.5, int maxLs = 25)
    {
        for (int evals = 1; evals <= maxLs; evals++, t *= shrink)
        {
            var (fNew, gNew) = phi(t);
            if (fNew <= f + c1 * t * gtd) return new LineSearchResult(fNew, gNew, t, evals);
        }
        return new LineSearchResult(f, g, 0, maxLs);
    }

    /// <summary>The minimizer of the cubic through two points with their slopes, clamped to the bounds.</summary>
    internal static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
        double? lowerBound = null, double? upperBound = null)
    {
        double lo = lowerBound ?? Math.Min(x1, x2), hi = upperBound ?? Math.Max(x1, x2);
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square < 0) return (lo + hi) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minPos, lo), hi);
    }
}
