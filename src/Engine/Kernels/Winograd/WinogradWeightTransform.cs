using System.Runtime.CompilerServices;
using Nst.Engine.Kernels.Gemm;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// U = G·g·Gᵀ for every channel pair of a 3×3 convolution, written straight into the micro-kernel panels
/// ([ξ][rows/6][cols][6]). A task per 6-row block and <see cref="Chunk"/> columns gathers the raw taps into
/// tap-major staging (g[tap][col·6 + r]), so that lane e of a vector is panel element e for every tap and every ξ:
/// the transform then loads 9 contiguous vectors and stores (m+2)² contiguous ones. It runs in float with the same
/// operations in the same order on every path, so results depend neither on the instruction set nor the thread count.
/// </summary>
[SkipLocalsInit]
internal static unsafe class WinogradWeightTransform
{
    private const int Mr = MicroKernel.Mr;

    /// <summary>Columns staged per pass: 9 taps × 64 × 6 floats (13.5 KB) stay in L1 next to the panels written.</summary>
    private const int Chunk = 64;

    /// <summary>
    /// Panels of the forward convolution (rows = outputs, g = w[o, i]) or of its gradient with respect to the input
    /// (rows = inputs, g = w[o, i] rotated by 180°); rows from the convolution's count up to <paramref name="rowsPadded"/> are zeros.
    /// </summary>
    public static void Run(ConvWeights w, int tile, bool backward, float* panels, int rowsPadded)
    {
        int rows = backward ? w.InChannels : w.OutChannels, cols = backward ? w.OutChannels : w.InChannels;
        var isa = KernelIsa.Current;
        nint destination = (nint)panels;
        float[] weight = w.Weight;
        int blocks = rowsPadded / Mr, chunks = (cols + Chunk - 1) / Chunk;

        // A task is one 6-row block × one column chunk. Consecutive tasks run on the same thread, so order them to
        // read the raw weights nearly in sequence: by block for the forward (a row's taps are contiguous), by
        // column chunk for the backward (its rows are the convolution's inputs, contiguous within each output).
        Parallelism.For(blocks * chunks, task =>
        {
            int block = backward ? task % blocks : task / chunks, c0 = (backward ? task / blocks : task % chunks) * Chunk;
            int n = Math.Min(Chunk, cols - c0), count = n * Mr;
            float* staged = stackalloc float[9 * Chunk * Mr];
            fixed (float* source = weight)
            {
                if (backward) GatherBackward(source, w.InChannels, rows, block, c0, n, staged, count);
                else GatherForward(source, cols, rows, block, c0, n, staged, count);
            }

            float* u = (float*)destination + (nint)block * Mr * cols + (nint)c0 * Mr;
            Transform(isa, tile, staged, count, u, (nint)rowsPadded * cols);
        });
    }

    /// <summary>staged[t·count + c·6 + r] = w[row, c0 + c, t] for row = 6·block + r (0 past the last row).</summary>
    private static void GatherForward(float* w, int inputs, int rows, int block, int c0, int n, float* staged, nint count)
    {
        for (int r = 0; r < Mr; r++)
        {
            int row = block * Mr + r;
            float* d = staged + r;
            if (row >= rows)
            {
                for (int c = 0; c < n; c++, d += Mr) Zero(d, count);
                continue;
            }

            float* s = w + ((nint)row * inputs + c0) * 9;
            for (int c = 0; c < n; c++, s += 9, d += Mr)
            {
                d[0] = s[0]; d[count] = s[1]; d[2 * count] = s[2]; d[3 * count] = s[3]; d[4 * count] = s[4];
                d[5 * count] = s[5]; d[6 * count] = s[6]; d[7 * count] = s[7]; d[8 * count] = s[8];
            }
        }
    }

    /// <summary>staged[t·count + c·6 + r] = w[c0 + c, row, 8 − t] for row = 6·block + r (0 past the last row).</summary>
    private static void GatherBackward(float* w, int inputs, int rows, int block, int c0, int n, float* staged, nint count)
    {
        int valid = Math.Min(Mr, rows - block * Mr);
        for (int c = 0; c < n; c++)
        {
            float* s = w + ((nint)(c0 + c) * inputs + block * Mr) * 9;
            float* d = staged + c * Mr;
            for (int r = 0; r < valid; r++, s += 9, d++)
            {
                d[0] = s[8]; d[count] = s[7]; d[2 * count] = s[6]; d[3 * count] = s[5]; d[4 * count] = s[4];
                d[5 * count] = s[3]; d[6 * count] = s[2]; d[7 * count] = s[1]; d[8 * count] = s[0];
            }

            for (int r = valid; r < Mr; r++, d++) Zero(d, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* d, nint count)
    {
        for (int t = 0; t < 9; t++) d[t * count] = 0;
    }

    private static void Transform(IsaLevel isa, int tile, float* staged, int count, float* u, nint xiStride)
    {
        int done = isa switch
        {
            IsaLevel.Vector512 => Lanes<FloatLanes512>(tile, staged, 0, count, u, xiStride),
            IsaLevel.Vector256 => Lanes<FloatLanes256>(tile, staged, 0, count, u, xiStride),
            IsaLevel.Vector128 => Lanes<FloatLanes128>(tile, staged, 0, count, u, xiStride),
            _ => 0,
        };
        Lanes<FloatLane>(tile, staged, done, count, u, xiStride);
    }

    /// <summary>Elements [from, end) in whole vectors of <typeparamref name="TV"/>; returns end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Lanes<TV>(int tile, float* g, int from, int count, float* u, nint s)
        where TV : struct, IFloatLanes<TV>
    {
        int e = from;
        if (tile == 2)
        {
            for (; e + TV.Count <= count; e += TV.Count) F2<TV>(g + e, count, u + e, s);
        }
        else
        {
            for (; e + TV.Count <= count; e += TV.Count) F4<TV>(g + e, count, u + e, s);
        }

        return e;
    }

    /// <summary>U[ξ = 4a + b] at u + ξ·s from the taps g[t·tapStride], t = 3·ky + kx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void F2<TV>(float* g, nint tapStride, float* u, nint s)
        where TV : struct, IFloatLanes<TV>
    {
        // Columns first (G along ky), then each row of G·g along kx.
        G2(TV.Load(g), TV.Load(g + 3 * tapStride), TV.Load(g + 6 * tapStride), out var a00, out var a10, out var a20, out var a30);
        G2(TV.Load(g + tapStride), TV.Load(g + 4 * tapStride), TV.Load(g + 7 * tapStride), out var a01, out var a11, out var a21, out var a31);
        G2(TV.Load(g + 2 * tapStride), TV.Load(g + 5 * tapStride), TV.Load(g + 8 * tapStride), out var a02, out var a12, out var a22, out var a32);
        Row2(a00, a01, a02, u, s);
        Row2(a10, a11, a12, u + 4 * s, s);
        Row2(a20, a21, a22, u + 8 * s, s);
        Row2(a30, a31, a32, u + 12 * s, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row2<TV>(TV x0, TV x1, TV x2, float* u, nint s)
        where TV : struct, IFloatLanes<TV>
    {
        G2(x0, x1, x2, out var y0, out var y1, out var y2, out var y3);
        TV.Store(y0, u); TV.Store(y1, u + s); TV.Store(y2, u + 2 * s); TV.Store(y3, u + 3 * s);
    }

    /// <summary>G of F(2×2, 3×3) applied to one line: rows (1, 0, 0), ½(1, 1, 1), ½(1, −1, 1), (0, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G2<TV>(TV x0, TV x1, TV x2, out TV y0, out TV y1, out TV y2, out TV y3)
        where TV : struct, IFloatLanes<TV>
    {
        var half = TV.Broadcast(0.5f);
        var outer = x0 + x2;
        y0 = x0;
        y1 = (outer + x1) * half;
        y2 = (outer - x1) * half;
        y3 = x2;
    }

    /// <summary>U[ξ = 6a + b] at u + ξ·s from the taps g[t·tapStride], t = 3·ky + kx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void F4<TV>(float* g, nint tapStride, float* u, nint s)
        where TV : struct, IFloatLanes<TV>
    {
        G4(TV.Load(g), TV.Load(g + 3 * tapStride), TV.Load(g + 6 * tapStride),
            out var a00, out var a10, out var a20, out var a30, out var a40, out var a50);
        G4(TV.Load(g + tapStride), TV.Load(g + 4 * tapStride), TV.Load(g + 7 * tapStride),
            out var a01, out var a11, out var a21, out var a31, out var a41, out var a51);
        G4(TV.Load(g + 2 * tapStride), TV.Load(g + 5 * tapStride), TV.Load(g + 8 * tapStride),
            out var a02, out var a12, out var a22, out var a32, out var a42, out var a52);
        Row4(a00, a01, a02, u, s);
        Row4(a10, a11, a12, u + 6 * s, s);
        Row4(a20, a21, a22, u + 12 * s, s);
        Row4(a30, a31, a32, u + 18 * s, s);
        Row4(a40, a41, a42, u + 24 * s, s);
        Row4(a50, a51, a52, u + 30 * s, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row4<TV>(TV x0, TV x1, TV x2, float* u, nint s)
        where TV : struct, IFloatLanes<TV>
    {
        G4(x0, x1, x2, out var y0, out var y1, out var y2, out var y3, out var y4, out var y5);
        TV.Store(y0, u); TV.Store(y1, u + s); TV.Store(y2, u + 2 * s);
        TV.Store(y3, u + 3 * s); TV.Store(y4, u + 4 * s); TV.Store(y5, u + 5 * s);
    }

    /// <summary>
    /// G of F(4×4, 3×3) (points 0, ±1, ±2, ∞) applied to one line: rows (¼, 0, 0), −⅙(1, 1, 1), −⅙(1, −1, 1),
    /// (1/24, 1/12, 1/6), (1/24, −1/12, 1/6), (0, 0, 1); the ± pairs share their even part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G4<TV>(TV x0, TV x1, TV x2, out TV y0, out TV y1, out TV y2, out TV y3, out TV y4, out TV y5)
        where TV : struct, IFloatLanes<TV>
    {
        var outer = x0 + x2;
        var sixth = TV.Broadcast(-1f / 6);
        var even = x0 * TV.Broadcast(1f / 24) + x2 * TV.Broadcast(1f / 6);
        var odd = x1 * TV.Broadcast(1f / 12);
        y0 = x0 * TV.Broadcast(0.25f);
        y1 = (outer + x1) * sixth;
        y2 = (outer - x1) * sixth;
        y3 = even + odd;
        y4 = even - odd;
        y5 = x2;
    }
}
