using Latent.Linalg;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>Conversions between float tensors of rows and the double rows the classical models compute with.</summary>
public static class ClassicalRows
{
    /// <summary>The rows of <paramref name="x"/> [N, ...] flattened to N arrays of D doubles.</summary>
    public static double[][] FromTensor(Tensor x)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        var data = x.Data;
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[d];
            for (int j = 0; j < d; j++) rows[i][j] = data[i * d + j];
        }
        return rows;
    }

    /// <summary>Rows of equal length as a float tensor [N, D].</summary>
    /// <exception cref="ArgumentException">No rows, or rows of different lengths.</exception>
    public static Tensor ToTensor(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("ClassicalRows: no rows.", nameof(rows));
        int d = rows[0].Length;
        var t = Tensor.Zeros(rows.Count, d);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException($"ClassicalRows: row {i} has {rows[i].Length} values, row 0 has {d}.", nameof(rows));
            for (int j = 0; j < d; j++) t.Data[i * d + j] = (float)rows[i][j];
        }
        return t;
    }
}
