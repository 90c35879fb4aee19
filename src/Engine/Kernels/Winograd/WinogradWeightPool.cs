using System.Collections.Concurrent;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// Transformed Winograd weights on loan: a convolution rents a buffer, transforms its layer's weights into it, runs,
/// and returns it. Transformed weights take (m+2)²/9 times the raw ones (4× for F(4×4)), so caching them for every
/// layer and direction cost hundreds of MB; this keeps one buffer per convolution running at the same time, each
/// grown to the largest layer it has served, so steady state allocates nothing. Concurrent sessions, even on the
/// same <see cref="ConvWeights"/>, each get their own buffer.
/// </summary>
internal static class WinogradWeightPool
{
    private static readonly ConcurrentBag<WinogradWeights> s_free = [];

    /// <summary>A buffer holding <paramref name="w"/>'s transformed weights; give it back with <see cref="Return"/>.</summary>
    public static WinogradWeights Rent(ConvWeights w, int tile, bool backward)
    {
        if (!s_free.TryTake(out var u)) u = new WinogradWeights();
        try
        {
            u.Load(w, tile, backward);
        }
        catch
        {
            s_free.Add(u);
            throw;
        }

        return u;
    }

    public static void Return(WinogradWeights u)
    {
        ArgumentNullException.ThrowIfNull(u);
        s_free.Add(u);
    }
}
