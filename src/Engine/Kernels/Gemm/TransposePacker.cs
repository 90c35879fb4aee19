using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// B = Mᵀ for a row-major N×K matrix M (leading dimension ld): strip row k gathers column k of 64 rows of M.
/// On AVX the bulk moves as 8×8 register transposes; edges and other hardware go element by element.
/// </summary>
internal readonly unsafe struct TransposePacker(float* m, int ld, IsaLevel isa) : IPanelPacker
{
    private const int Nr = MicroKernel.Nr;

    // Fully optimised from the first call: kernels run few, long calls, so tier-0 code would linger.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(float* dst, int k0, int kc, int n0, int n)
    {
        int jFast = 0, kFast = 0;
        if (isa >= IsaLevel.Vector256 && Avx.IsSupported)
        {
            jFast = n & ~7;
            kFast = kc & ~7;
            for (int j = 0; j < jFast; j += 8)
            {
                float* src = m + (nint)(n0 + j) * ld + k0;
                for (int kk = 0; kk < kFast; kk += 8) Transpose8x8(src + kk, ld, dst + kk * Nr + j, Nr);
            }
        }

        for (int j = 0; j < n; j++)
        {
            float* src = m + (nint)(n0 + j) * ld + k0;
            for (int kk = j < jFast ? kFast : 0; kk < kc; kk++) dst[kk * Nr + j] = src[kk];
        }

        for (int j = n; j < Nr; j++)
        {
            for (int kk = 0; kk < kc; kk++) dst[kk * Nr + j] = 0f;
        }
    }

    /// <summary>dst[r][c] = src[c][r] for an 8×8 block: unpack pairs, shuffle quads, swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds); var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds); var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds); var r7 = Avx.LoadVector256(src + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
