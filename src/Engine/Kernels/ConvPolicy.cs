namespace Nst.Engine.Kernels;

/// <summary>
/// Picks the convolution algorithm. Winograd saves multiplies in the channel products (K = inputs per product)
/// but spends a fixed amount per channel on the tile transforms, so it is used when the convolution reads at
/// least <see cref="MinWinogradChannels"/> channels: every VGG19 layer except conv1_1's forward (3 inputs);
/// conv1_1's backward (64 → 3) gains too. Tests may force either path.
/// </summary>
internal static class ConvPolicy
{
    public const int MinWinogradChannels = 32;

    private static readonly AsyncLocal<ConvAlgorithm?> s_forced = new();

    public static bool UseWinograd(int inputs, int outputs) => (s_forced.Value ?? ConvAlgorithm.Auto) switch
    {
        ConvAlgorithm.Direct => false,
        ConvAlgorithm.Winograd => true,
        _ => inputs >= MinWinogradChannels,
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
