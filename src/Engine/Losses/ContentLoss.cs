using Nst.Engine.Tensors;

namespace Nst.Engine.Losses;

/// <summary>L = w · mean((F − P)²) over C·H·W; dL/dF = 2w(F − P)/n.</summary>
public sealed class ContentLoss : IFeatureLoss, IDisposable
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

    /// <summary>Returns L at <paramref name="features"/>.</summary>
    public double Evaluate(Tensor features)
    {
        var f = features.Span;
        var p = _target.Span;
        CheckLength(f.Length);
        double sum = 0;
        for (int i = 0; i < f.Length; i++)
        {
            float d = f[i] - p[i];
            sum += (double)d * d;
        }

        return Weight * sum / f.Length;
    }

    /// <summary>Writes (or adds) dL/dF = 2w(F − P)/n into <paramref name="grad"/>.</summary>
    public void Gradient(Tensor features, Tensor grad, bool accumulate)
    {
        var f = features.Span;
        var p = _target.Span;
        var g = grad.Span;
        CheckLength(f.Length);
        if (g.Length != f.Length) throw new ArgumentException($"Gradient has {g.Length} values, features {f.Length}.", nameof(grad));
        float k = 2f * Weight / f.Length;
        if (accumulate)
        {
            for (int i = 0; i < f.Length; i++) g[i] += k * (f[i] - p[i]);
        }
        else
        {
            for (int i = 0; i < f.Length; i++) g[i] = k * (f[i] - p[i]);
        }
    }

    public void Dispose() => _target.Dispose();

    private void CheckLength(int length)
    {
        if (length != _target.Length)
        {
            throw new ArgumentException($"Features have {length} values, the content target {_target.Length}.");
        }
    }
}
