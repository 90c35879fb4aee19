using Nst.Engine.Tensors;

namespace Nst.Engine.Losses;

/// <summary>L = w · mean((F − P)²) over C·H·W; dL/dF = 2w(F − P)/n.</summary>
public sealed class ContentLoss : IDisposable
{
    private readonly Tensor _target;

    /// <param name="target">P, the content image's features (copied).</param>
    public ContentLoss(int layer, Tensor target, float weight)
    {
        Layer = layer;
        _target = target.Clone();
        Weight = weight;
    }

    public int Layer { get; }

    public float Weight { get; }

    /// <summary>Returns L and writes dL/dF into <paramref name="grad"/>.</summary>
    public double Evaluate(Tensor features, Tensor grad)
    {
        var f = features.Span;
        var p = _target.Span;
        var g = grad.Span;
        int n = f.Length;
        double sum = 0;
        float k = 2f * Weight / n;
        for (int i = 0; i < n; i++)
        {
            float d = f[i] - p[i];
            sum += (double)d * d;
            g[i] = k * d;
        }

        return Weight * sum / n;
    }

    public void Dispose() => _target.Dispose();
}
