namespace Latent.Models.Classical.Embeddings;

/// <summary>
/// A quadtree over 2-D points with the count and centre of mass of every cell: the Barnes–Hut approximation of
/// t-SNE's repulsive forces treats a whole cell as one heavy point when it is small seen from the point
/// (cell width / distance &lt; θ).
/// </summary>
internal sealed class QuadTree
{
    private const int MaxDepth = 40;
    private readonly double[] _x, _y;
    private readonly int[] _order;
    private readonly List<Node> _nodes = [];
    private readonly List<int> _children = [];

    private record struct Node(double MassX, double MassY, int Count, double Width, int FirstChild, int Start, int End);

    public QuadTree(double[] x, double[] y)
    {
        _x = x;
        _y = y;
        int n = x.Length;
        _order = Enumerable.Range(0, n).ToArray();
        double minX = x.Min(), maxX = x.Max(), minY = y.Min(), maxY = y.Max();
        double half = Math.Max(Math.Max(maxX - minX, maxY - minY) / 2, 1e-12) * (1 + 1e-9);
        Build((minX + maxX) / 2, (minY + maxY) / 2, half, 0, n, 0);
    }

    /// <summary>Builds the node for points _order[start..end) in the square of centre (cx, cy) and half-width <paramref name="half"/>; returns its index.</summary>
    private int Build(double cx, double cy, double half, int start, int end, int depth)
    {
        double mx = 0, my = 0;
        for (int p = start; p < end; p++)
        {
            mx += _x[_order[p]];
            my += _y[_order[p]];
        }
        int count = end - start;
        int index = _nodes.Count;
        _nodes.Add(new Node(mx / Math.Max(count, 1), my / Math.Max(count, 1), count, 2 * half, -1, start, end));
        if (count <= 1 || depth >= MaxDepth) return index;
        // Partition into the quadrants (x < cx, y < cy), (x ≥ cx, y < cy), (x < cx, y ≥ cy), (x ≥ cx, y ≥ cy).
        int splitY = Partition(start, end, i => _y[i] < cy);
        int splitLow = Partition(start, splitY, i => _x[i] < cx);
        int splitHigh = Partition(splitY, end, i => _x[i] < cx);
        int[] bounds = [start, splitLow, splitY, splitHigh, end];
        double q = half / 2;
        // A child's subtree is built before its next sibling, so the four child indices go to a list of their own.
        var children = new int[4];
        for (int c = 0; c < 4; c++)
            children[c] = Build(cx + (c % 2 == 0 ? -q : q), cy + (c < 2 ? -q : q), q, bounds[c], bounds[c + 1], depth + 1);
        _nodes[index] = _nodes[index] with { FirstChild = _children.Count };
        _children.AddRange(children);
        return index;
    }

    private int Partition(int start, int end, Func<int, bool> left)
    {
        int i = start;
        for (int p = start; p < end; p++)
            if (left(_order[p])) (_order[i], _order[p]) = (_order[p], _order[i++]);
        return i;
    }

    /// <summary>
    /// For point <paramref name="i"/>: Σⱼ wᵢⱼ and Σⱼ wᵢⱼ²(yᵢ − yⱼ) over all j ≠ i, wᵢⱼ = 1/(1 + |yᵢ − yⱼ|²), with far cells
    /// summarized by their centre of mass.
    /// </summary>
    public (double SumW, double ForceX, double ForceY) Repulsion(int i, double theta, Stack<int> stack)
    {
        double sum = 0, fx = 0, fy = 0, xi = _x[i], yi = _y[i];
        double theta2 = theta * theta;
        stack.Clear();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var node = _nodes[stack.Pop()];
            if (node.Count == 0) continue;
            if (node.FirstChild < 0)
            {
                for (int p = node.Start; p < node.End; p++)
                {
                    int j = _order[p];
                    if (j == i) continue;
                    double dx = xi - _x[j], dy = yi - _y[j];
                    double w = 1 / (1 + dx * dx + dy * dy);
                    sum += w;
                    fx += w * w * dx;
                    fy += w * w * dy;
                }
                continue;
            }
            double ex = xi - node.MassX, ey = yi - node.MassY, d2 = ex * ex + ey * ey;
            if (d2 > 0 && node.Width * node.Width < theta2 * d2)
            {
                double w = 1 / (1 + d2);
                sum += node.Count * w;
                fx += node.Count * w * w * ex;
                fy += node.Count * w * w * ey;
                continue;
            }
            for (int c = 0; c < 4; c++) stack.Push(_children[node.FirstChild + c]);
        }
        return (sum, fx, fy);
    }
}
