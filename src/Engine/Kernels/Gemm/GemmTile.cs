using System.Runtime.CompilerServices;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// One tile of C[M×N] (+)= A[M×K]·B[K×N]: rows [m0, m1) and columns [n0, n1) (at most <see cref="GemmScratch.Nc"/>).
/// K runs in fixed blocks of <see cref="GemmScratch.Kc"/>, B is packed per block into this thread's scratch,
/// and each A row block is swept across the packed strips while it sits in L1.
/// </summary>
internal static unsafe class GemmTile
{
    private const int Mr = MicroKernel.Mr;
    private const int Nr = MicroKernel.Nr;

    /// <param name="bias">Per-row start values (padded to a multiple of 6 rows) or null for zero; ignored with LoadC.</param>
    /// <param name="flags">LoadC to accumulate into C from the first block; Relu to clamp the final store.</param>
    // Fully optimised from the first call: kernels run few, long calls, so tier-0 code would linger.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPacker>(
        delegate*<float*, nint, nint, float*, int, float*, nint, float*, int, void> kernel,
        ref TPacker packer, in ASource a, int m, int m0, int m1, int n0, int n1, int k,
        float* c, nint ldc, float* bias, int flags)
        where TPacker : struct, IPanelPacker
    {
        float* packedB = GemmScratch.B;
        float* edge = stackalloc float[Mr * Nr];
        int strips = (n1 - n0 + Nr - 1) / Nr;
        for (int k0 = 0; k0 < k; k0 += GemmScratch.Kc)
        {
            int kc = Math.Min(GemmScratch.Kc, k - k0);
            for (int s = 0; s < strips; s++)
            {
                int ns = n0 + s * Nr;
                packer.Pack(packedB + (nint)s * kc * Nr, k0, kc, ns, Math.Min(Nr, n1 - ns));
            }

            int blockFlags = (k0 > 0 ? MicroKernel.LoadC : flags & MicroKernel.LoadC)
                | (k0 + kc == k ? flags & MicroKernel.Relu : 0);
            for (int mb = m0; mb < m1; mb += Mr)
            {
                int rows = Math.Min(Mr, m - mb);
                float* ap = a.Ptr + mb * a.BlockStride + k0 * a.KStride;
                nint aRow = a.RowStride, aK = a.KStride;
                if (rows < Mr && !a.Padded)
                {
                    ap = PackPartialRows(a, ap, rows, kc);
                    aRow = 1;
                    aK = Mr;
                }

                float* rowBias = bias == null ? null : bias + mb;
                for (int s = 0; s < strips; s++)
                {
                    int ns = n0 + s * Nr;
                    int cols = Math.Min(Nr, n1 - ns);
                    float* bs = packedB + (nint)s * kc * Nr;
                    float* cp = c + mb * ldc + ns;
                    if (rows == Mr && cols == Nr)
                    {
                        kernel(ap, aRow, aK, bs, kc, cp, ldc, rowBias, blockFlags);
                    }
                    else
                    {
                        // Edges go through a full 6×64 block so the micro-kernel never reads or writes past C.
                        if ((blockFlags & MicroKernel.LoadC) != 0) CopyBlock(cp, ldc, edge, Nr, rows, cols);
                        kernel(ap, aRow, aK, bs, kc, edge, Nr, rowBias, blockFlags);
                        CopyBlock(edge, Nr, cp, ldc, rows, cols);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float* PackPartialRows(in ASource a, float* ap, int rows, int kc)
    {
        float* dst = GemmScratch.A;
        new Span<float>(dst, kc * Mr).Clear();
        for (int r = 0; r < rows; r++)
        {
            float* src = ap + r * a.RowStride;
            for (int kk = 0; kk < kc; kk++) dst[kk * Mr + r] = src[kk * a.KStride];
        }

        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyBlock(float* src, nint lds, float* dst, nint ldd, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(src + r * lds, cols).CopyTo(new Span<float>(dst + r * ldd, cols));
        }
    }
}
