using Latent.Tensors;

namespace Latent.Linalg;

/// <summary>Conversions between float tensors and double matrices, and the double-precision statistics built on them.</summary>
public static class DenseMatrices
{
    private const int ChunkRows = 4096;

    /// <summary>The rows of <paramref name="x"/> [N, ...] flattened to an N × D double matrix.</summary>
    public static double[,] FromTensor(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (n, d) = RowsAndColumns(x);
        var m = new double[n, d];
        var data = x.Data;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) m[i, j] = data[i * d + j];
        return m;
    }

    /// <summary>The number of rows N and of values per row D of a tensor [N, ...].</summary>
    /// <exception cref="ArgumentException">The tensor is a scalar or has no rows.</exception>
    public static (int Rows, int Columns) RowsAndColumns(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[0] == 0)
            throw new ArgumentException($"Expected a tensor of rows [N, ...] with N > 0, got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return (x.Shape[0], x.Size / x.Shape[0]);
    }

    /// <summary>The mean row of <paramref name="x"/> [N, ...], accumulated in double.</summary>
    public static double[] ColumnMeans(Tensor x)
    {
        var (n, d) = RowsAndColumns(x);
        var mean = new double[d];
        var data = x.Data;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        return mean;
    }

    /// <summary>
    /// Σᵢ (xᵢ − c)(xᵢ − c)ᵀ over the rows of <paramref name="x"/> [N, ...], D × D: each chunk of rows is multiplied in
    /// float by the engine's matrix product (BLAS) and the chunk results are summed in double.
    /// </summary>
    /// <param name="x">The rows.</param>
    /// <param name="center">The vector c subtracted from every row, or null for none.</param>
    public static double[,] Scatter(Tensor x, double[]? center = null)
    {
        var (n, d) = RowsAndColumns(x);
        if (center != null && center.Length != d)
            throw new ArgumentException($"Scatter: center of length {center.Length} for rows of {d} values.", nameof(center));
        var s = new double[d, d];
        var rows = x.Reshape(n, d);
        using var _ = Autograd.NoGrad();
        for (int start = 0; start < n; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, n - start);
            var chunk = rows.Narrow(0, start, count); // Narrow copies, so centering in place leaves x alone
            if (center != null)
            {
                var cdata = chunk.Data;
                for (int i = 0; i < count; i++)
                    for (int j = 0; j < d; j++) cdata[i * d + j] -= (float)center[j];
            }
            var gram = chunk.MatMul(chunk, transA: true).Data;
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) s[i, j] += gram[i * d + j];
        }
        return s;
    }
}
