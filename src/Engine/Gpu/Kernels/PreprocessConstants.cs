namespace Nst.Engine.Gpu.Kernels;

/// <summary>x̂[c'] = scale[c]·x[c] + offset[c], with c' = 2 − c when the network expects BGR (see <see cref="Nn.Preprocessor"/>).</summary>
internal readonly record struct PreprocessConstants(float Scale0, float Scale1, float Scale2, float Offset0, float Offset1, float Offset2, int SwapChannels)
{
    public float Scale(int c) => c == 0 ? Scale0 : c == 1 ? Scale1 : Scale2;

    public float Offset(int c) => c == 0 ? Offset0 : c == 1 ? Offset1 : Offset2;

    /// <summary>The constants of the CPU's <see cref="Nn.Preprocessor"/>, to the bit.</summary>
    public static PreprocessConstants Of(Nn.Preprocessor p) => new(
        p.ScaleOf(0), p.ScaleOf(1), p.ScaleOf(2), p.OffsetOf(0), p.OffsetOf(1), p.OffsetOf(2), p.SwapsChannels ? 1 : 0);

    /// <summary>The channel of x̂ that channel <paramref name="c"/> of x lands in.</summary>
    public int Target(int c) => SwapChannels != 0 ? 2 - c : c;
}
