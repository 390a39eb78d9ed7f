namespace Latent.Optim;

/// <summary>Small vector helpers over flat parameter vectors, accumulating in double.</summary>
internal static class FlatVector
{
    /// <summary>The dot product.</summary>
    public static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    /// <summary>The largest absolute value (∞-norm); 0 for an empty vector.</summary>
    public static double MaxAbs(float[] a)
    {
        double m = 0;
        foreach (var v in a) m = Math.Max(m, Math.Abs((double)v));
        return m;
    }

    /// <summary>The sum of absolute values (1-norm).</summary>
    public static double SumAbs(float[] a)
    {
        double s = 0;
        foreach (var v in a) s += Math.Abs((double)v);
        return s;
    }

    /// <summary>A new vector <c>−a</c>.</summary>
    public static float[] Negate(float[] a)
    {
        var r = new float[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = -a[i];
        return r;
    }

    /// <summary><c>y ← y + alpha·x</c>, in float.</summary>
    public static void AddScaled(float[] y, double alpha, float[] x)
    {
        float a = (float)alpha;
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }
}
