namespace Nst.Engine.Kernels;

/// <summary>
/// Weights of one 3×3, stride 1, pad 1 convolution in PyTorch's OIHW layout.
/// Kernels may cache packed forms of these; the arrays must not change after the first use.
/// </summary>
public sealed class ConvWeights
{
    public ConvWeights(int outChannels, int inChannels, float[] weight, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (weight.Length != outChannels * inChannels * 9)
        {
            throw new ArgumentException($"Weight has {weight.Length} values, expected {outChannels}x{inChannels}x3x3.", nameof(weight));
        }

        if (bias.Length != outChannels)
        {
            throw new ArgumentException($"Bias has {bias.Length} values, expected {outChannels}.", nameof(bias));
        }

        OutChannels = outChannels;
        InChannels = inChannels;
        Weight = weight;
        Bias = bias;
    }

    public int OutChannels { get; }
    public int InChannels { get; }

    /// <summary>w[o, i, ky, kx] at ((o·I + i)·3 + ky)·3 + kx.</summary>
    public float[] Weight { get; }

    public float[] Bias { get; }

    /// <summary>Slot where kernels keep pre-packed forms of the weights (built lazily, once).</summary>
    internal object? PackedCache { get; set; }
}
