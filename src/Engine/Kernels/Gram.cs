using System.Buffers;
using System.Runtime.CompilerServices;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>
/// The Gram matrix G = F·Fᵀ·scale of a C×(H·W) feature map (batch 1), and its gradient, on the GEMM micro-kernel.
/// Forward computes only the blocks on or above the diagonal, splits K = H·W into fixed chunks whose
/// partial sums are added in chunk order, then mirrors; so the result is symmetric and independent of threads.
/// </summary>
public static unsafe class Gram
{
    /// <summary>K per partial product: fixed, so the reduction order depends on the shape alone.</summary>
    private const int KChunk = 8192;

    /// <summary>Row blocks of 6 per forward tile.</summary>
    private const int BlocksPerTile = 16;

    public static void Compute(Tensor features, Span<float> gram, float scale)
    {
        ArgumentNullException.ThrowIfNull(features);
        int c = features.C, hw = features.Plane;
        if (gram.Length < c * c) throw new ArgumentException($"Gram of {c} channels needs {c * c} values, got {gram.Length}.", nameof(gram));

        long start = LayerProfiler.Begin();
        int chunks = (hw + KChunk - 1) / KChunk;
        int strips = (c + MicroKernel.Nr - 1) / MicroKernel.Nr;
        int rowBlocks = (c + MicroKernel.Mr - 1) / MicroKernel.Mr;
        int rowGroups = (rowBlocks + BlocksPerTile - 1) / BlocksPerTile;
        float[] partial = ArrayPool<float>.Shared.Rent(chunks * c * c);
        try
        {
            var isa = KernelIsa.Current;
            var kernel = MicroKernel.For(isa);
            nint f = (nint)features.Pointer;
            Parallelism.For(chunks * strips * rowGroups, tile =>
            {
                int chunk = tile / (strips * rowGroups), rest = tile % (strips * rowGroups);
                int strip = rest / rowGroups, group = rest % rowGroups;
                int n0 = strip * MicroKernel.Nr, n1 = Math.Min(c, n0 + MicroKernel.Nr);
                int m0 = group * BlocksPerTile * MicroKernel.Mr;
                int m1 = Math.Min(Math.Min(c, n1), m0 + BlocksPerTile * MicroKernel.Mr);
                if (m0 >= m1) return; // entirely below the diagonal
                int k0 = chunk * KChunk, kc = Math.Min(KChunk, hw - k0);
                float* fk = (float*)f + k0;
                var packer = new TransposePacker(fk, hw, isa);
                fixed (float* p = partial)
                {
                    GemmTile.Run(kernel, ref packer, ASource.RowMajor(fk, hw), c, m0, m1, n0, n1, kc,
                        p + (nint)chunk * c * c, c, null, 0);
                }
            });

            fixed (float* g = gram)
            {
                nint gp = (nint)g;
                Parallelism.For(c, a =>
                {
                    fixed (float* p = partial) ReduceRow(p, (float*)gp, a, c, chunks, scale);
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partial);
        }

        // Symmetric: C·(C+1)/2 dot products of length H·W, counted as such.
        if (start != 0) LayerProfiler.End(start, $"gram {c}x{hw}", LayerPhase.Forward, (double)c * (c + 1) * hw);
    }

    /// <summary>
    /// gradFeatures = (dG + dGᵀ)·F·scale, or += with <paramref name="accumulate"/>: a GEMM with A = (dG + dGᵀ)·scale,
    /// B = F, written into dF (or continuing from it).
    /// </summary>
    public static void Backward(Tensor features, ReadOnlySpan<float> gradGram, Tensor gradFeatures, float scale, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(gradFeatures);
        int c = features.C, hw = features.Plane;
        if (gradGram.Length < c * c) throw new ArgumentException($"Gram gradient of {c} channels needs {c * c} values, got {gradGram.Length}.", nameof(gradGram));
        if (!gradFeatures.SameShape(features)) throw new ArgumentException($"Gradient {gradFeatures} does not match features {features}.", nameof(gradFeatures));

        long start = LayerProfiler.Begin();
        float[] sym = ArrayPool<float>.Shared.Rent(c * c);
        try
        {
            for (int a = 0; a < c; a++)
            {
                for (int b = 0; b < c; b++) sym[a * c + b] = (gradGram[a * c + b] + gradGram[b * c + a]) * scale;
            }

            var kernel = MicroKernel.For(KernelIsa.Current);
            int flags = accumulate ? MicroKernel.LoadC : 0;
            nint f = (nint)features.Pointer, df = (nint)gradFeatures.Pointer;
            int pixelTiles = (hw + GemmScratch.Nc - 1) / GemmScratch.Nc;
            Parallelism.For(pixelTiles, tile =>
            {
                int n0 = tile * GemmScratch.Nc, n1 = Math.Min(hw, n0 + GemmScratch.Nc);
                var packer = new RowsPacker((float*)f, hw);
                fixed (float* s = sym)
                {
                    GemmTile.Run(kernel, ref packer, ASource.RowMajor(s, c), c, 0, c, n0, n1, c,
                        (float*)df, hw, null, flags);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sym);
        }

        if (start != 0) LayerProfiler.End(start, $"gram {c}x{hw}", LayerPhase.Backward, 2.0 * c * c * hw);
    }

    /// <summary>Row a: G[a,b] = G[b,a] = scale·Σ_chunk partial[chunk][a,b] for b ≥ a, chunks in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReduceRow(float* partial, float* g, int a, int c, int chunks, float scale)
    {
        for (int b = a; b < c; b++)
        {
            float sum = partial[a * c + b];
            for (int chunk = 1; chunk < chunks; chunk++) sum += partial[(nint)chunk * c * c + a * c + b];
            float v = sum * scale;
            g[a * c + b] = v;
            g[b * c + a] = v;
        }
    }
}
