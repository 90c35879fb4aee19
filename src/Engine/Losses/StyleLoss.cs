using Nst.Engine.Kernels;
using Nst.Engine.Tensors;

namespace Nst.Engine.Losses;

/// <summary>
/// L = w · mean((G − A)²) over C² with G = F·Fᵀ/(C·H·W); dL/dG = 2w(G − A)/C², then dF = (dG + dGᵀ)·F/(C·H·W).
/// </summary>
public sealed class StyleLoss : IFeatureLoss
{
    private readonly float[] _target;
    private float[] _gram = [];
    private float[] _gradGram = [];

    /// <param name="targetGram">A, the (blended) style Gram matrix, C×C.</param>
    public StyleLoss(int layer, float[] targetGram, int channels, float weight)
    {
        if (targetGram.Length != channels * channels)
        {
            throw new ArgumentException($"Target Gram has {targetGram.Length} entries, expected {channels}².", nameof(targetGram));
        }

        Layer = layer;
        Channels = channels;
        _target = (float[])targetGram.Clone();
        Weight = weight;
    }

    public int Layer { get; }

    public int Channels { get; }

    public float Weight { get; }

    public static float Scale(Tensor features) => 1f / ((float)features.C * features.Plane);

    /// <summary>The normalised Gram matrix of a feature map (batch 1).</summary>
    public static float[] GramOf(Tensor features)
    {
        var g = new float[features.C * features.C];
        Gram.Compute(features, g, Scale(features));
        return g;
    }

    /// <summary>Returns L at <paramref name="features"/> and keeps dL/dG for <see cref="Gradient"/>.</summary>
    public double Evaluate(Tensor features)
    {
        int c = Channels;
        if (features.C != c)
        {
            throw new ArgumentException($"Features have {features.C} channels, expected {c}.", nameof(features));
        }

        if (_gram.Length != c * c)
        {
            _gram = new float[c * c];
            _gradGram = new float[c * c];
        }

        Gram.Compute(features, _gram, Scale(features));
        double sum = 0;
        float k = 2f * Weight / (c * c);
        for (int i = 0; i < _gram.Length; i++)
        {
            float d = _gram[i] - _target[i];
            sum += (double)d * d;
            _gradGram[i] = k * d;
        }

        return Weight * sum / (c * c);
    }

    /// <summary>Writes (or adds) dL/dF for the features of the last <see cref="Evaluate"/> into <paramref name="grad"/>.</summary>
    public void Gradient(Tensor features, Tensor grad, bool accumulate)
    {
        if (_gradGram.Length != Channels * Channels) throw new InvalidOperationException("Evaluate the style loss before its gradient.");
        Gram.Backward(features, _gradGram, grad, Scale(features), accumulate);
    }
}
