namespace Nst.Engine.Kernels;

/// <summary>
/// Picks the convolution algorithm. Winograd saves multiplies in the channel products (K = inputs per product)
/// but spends a fixed amount per channel on the tile transforms, so it is used when the convolution reads at
/// least <see cref="MinWinogradChannels"/> channels: every VGG19 layer except conv1_1's forward (3 inputs).
/// F(4×4, 3×3) saves more multiplies than F(2×2, 3×3) (36 per 16 outputs against 16 per 4), but on small maps
/// its 4×4 tiles leave too few 64-tile blocks to keep both threads busy without splitting the weights, so it is
/// used on maps of at least <see cref="MinF4Plane"/> pixels (64×64: four full blocks); e.g. at 512² everything but
/// conv5_1, at 256² blocks 1–3, at 1024² everything. (Its weights are 36/16 the size of F(2×2)'s, but they are
/// transformed per call into one pooled buffer, so that costs one buffer, not one per layer.) Tests may force any path.
/// </summary>
internal static class ConvPolicy
{
    public const int MinWinogradChannels = 32;

    public const long MinF4Plane = 64 * 64;

    private static readonly AsyncLocal<ConvAlgorithm?> s_forced = new();

    /// <summary>The Winograd tile m (2 or 4) for a convolution over <paramref name="plane"/> = H·W pixels, or 0 for the direct path.</summary>
    public static int WinogradTile(int inputs, int outputs, long plane) => (s_forced.Value ?? ConvAlgorithm.Auto) switch
    {
        ConvAlgorithm.Direct => 0,
        ConvAlgorithm.Winograd => 2,
        ConvAlgorithm.Winograd4 => 4,
        _ => inputs < MinWinogradChannels ? 0 : plane >= MinF4Plane ? 4 : 2,
    };

    /// <summary>Forces an algorithm for the calling flow until the scope is disposed (async-local, like <see cref="KernelIsa.Force"/>).</summary>
    public static IDisposable Force(ConvAlgorithm algorithm)
    {
        var scope = new Scope(s_forced.Value);
        s_forced.Value = algorithm;
        return scope;
    }

    private sealed class Scope(ConvAlgorithm? previous) : IDisposable
    {
        public void Dispose() => s_forced.Value = previous;
    }
}
