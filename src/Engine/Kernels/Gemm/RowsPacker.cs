using System.Runtime.CompilerServices;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>B is a row-major K×N matrix (leading dimension ld): each strip row is one contiguous copy.</summary>
internal readonly unsafe struct RowsPacker(float* b, int ld) : IPanelPacker
{
    // Fully optimised from the first call: kernels run few, long calls, so tier-0 code would linger.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(float* dst, int k0, int kc, int n0, int n)
    {
        for (int kk = 0; kk < kc; kk++)
        {
            float* d = dst + kk * MicroKernel.Nr;
            new ReadOnlySpan<float>(b + (nint)(k0 + kk) * ld + n0, n).CopyTo(new Span<float>(d, n));
            if (n < MicroKernel.Nr) new Span<float>(d + n, MicroKernel.Nr - n).Clear();
        }
    }
}
