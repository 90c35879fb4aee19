using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// One tiled SGEMM for every product of the network: the convolutions as implicit GEMMs (A = weights, B = the
/// image gathered as im2col on the fly), the Gram matrix and its backward. A group stages a KTile-deep slab of A
/// and B in shared memory, then each thread multiplies its 4×4 outputs out of it:
/// C[m, n] = Σ_k A[m, k]·B[k, n], summed over k in ascending order by one thread (no atomics, no split order
/// that depends on the device), so results are bit-reproducible on an accelerator.
/// Launch: grid (⌈N/(4·ThreadsX)⌉, ⌈M/(4·ThreadsY)⌉, K slices), group ThreadsX·ThreadsY.
/// </summary>
internal static class GemmKernel
{
    public static void Run<TTile, TA, TB, TOut>(TA a, TB b, TOut output, GemmShape shape)
        where TTile : struct, ITileShape
        where TA : struct, IGemmA
        where TB : struct, IGemmB
        where TOut : struct, IGemmOutput
    {
        var tile = default(TTile);
        int tx = tile.ThreadsX, ty = tile.ThreadsY, kt = tile.KTile;
        int bm = 4 * ty, bn = 4 * tx, threads = tx * ty;
        var sa = SharedMemory.Allocate<float>(kt * bm);
        var sb = SharedMemory.Allocate<float>(kt * bn);

        // Grid and group indices are read once: on ILGPU's CPU accelerator each read is a thread-static lookup.
        int t = Group.IdxX;
        int col = t % tx, row = t / tx;
        int m0 = Grid.IdxY * bm, n0 = Grid.IdxX * bn;
        int slice = Grid.IdxZ;
        int kBegin = slice * shape.KSlice;
        int kEnd = Math.Min(shape.K, kBegin + shape.KSlice);

        // A thread that owns one column of B for all of K (256 threads over 64 columns) resolves it once.
        bool fixedColumn = !b.KFastest && threads % bn == 0;
        int ownN = t % bn;
        int ownColumn = fixedColumn && n0 + ownN < shape.N ? b.Column(n0 + ownN) : 0;

        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k0 = kBegin; k0 < kEnd; k0 += kt)
        {
            for (int e = t; e < kt * bm; e += threads)
            {
                int kk = a.KFastest ? e % kt : e / bm;
                int mm = a.KFastest ? e / kt : e % bm;
                int m = m0 + mm, k = k0 + kk;
                sa[kk * bm + mm] = m < shape.M && k < kEnd ? a.Load(m, k) : 0f;
            }

            if (fixedColumn)
            {
                bool inside = n0 + ownN < shape.N;
                for (int kk = t / bn; kk < kt; kk += threads / bn)
                {
                    int k = k0 + kk;
                    sb[kk * bn + ownN] = inside && k < kEnd ? b.Load(k, ownColumn) : 0f;
                }
            }
            else
            {
                for (int e = t; e < kt * bn; e += threads)
                {
                    int kk = b.KFastest ? e % kt : e / bn;
                    int nn = b.KFastest ? e / kt : e % bn;
                    int n = n0 + nn, k = k0 + kk;
                    sb[kk * bn + nn] = n < shape.N && k < kEnd ? b.Load(k, b.Column(n)) : 0f;
                }
            }

            Group.Barrier();
            for (int kk = 0; kk < kt; kk++)
            {
                int ai = kk * bm + row, bi = kk * bn + col;
                float a0 = sa[ai], a1 = sa[ai + ty], a2 = sa[ai + 2 * ty], a3 = sa[ai + 3 * ty];
                float b0 = sb[bi], b1 = sb[bi + tx], b2 = sb[bi + 2 * tx], b3 = sb[bi + 3 * tx];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }

            Group.Barrier();
        }

        int mBase = m0 + row, nBase = n0 + col;
        StoreRow(output, shape, slice, mBase, nBase, tx, c00, c01, c02, c03);
        StoreRow(output, shape, slice, mBase + ty, nBase, tx, c10, c11, c12, c13);
        StoreRow(output, shape, slice, mBase + 2 * ty, nBase, tx, c20, c21, c22, c23);
        StoreRow(output, shape, slice, mBase + 3 * ty, nBase, tx, c30, c31, c32, c33);
    }

    private static void StoreRow<TOut>(TOut output, GemmShape shape, int slice, int m, int n, int step, float v0, float v1, float v2, float v3)
        where TOut : struct, IGemmOutput
    {
        if (m >= shape.M) return;
        if (n < shape.N) output.Store(m, n, slice, v0);
        if (n + step < shape.N) output.Store(m, n + step, slice, v1);
        if (n + 2 * step < shape.N) output.Store(m, n + 2 * step, slice, v2);
        if (n + 3 * step < shape.N) output.Store(m, n + 3 * step, slice, v3);
    }
}
