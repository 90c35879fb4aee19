using System.Runtime.CompilerServices;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>
/// 2×2, stride 2 pooling (floor for odd sizes, as PyTorch's default), parallel over fixed groups of channel
/// planes; max takes the first maximum in row-major window order, and its backward routes the gradient there.
/// Max pooling runs 16 windows at a time on Vector512 (<see cref="PoolingRows"/>), bit-identical to the scalar tail.
/// </summary>
public static unsafe class Pooling
{
    /// <summary>Channel planes per tile.</summary>
    private const int PlanesPerTile = 4;

    public static void MaxForward(Tensor input, Tensor output) => MaxForwardCore(input, output, null);

    /// <summary>dx is zero except at each window's first maximum, which gets that window's gradient.</summary>
    public static void MaxBackward(Tensor input, Tensor gradOutput, Tensor gradInput)
    {
        CheckPooled(input, gradOutput);
        CheckSame(input, gradInput);
        nint dx = (nint)gradInput.Pointer;
        bool vector = PoolingRows.Applies(KernelIsa.Current);
        ForPlanes(input, gradOutput, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x, dy, p, s) =>
        {
            int w = s.W, ow = s.OutW;
            float* d = (float*)dx + (nint)p * s.H * w;
            if (!vector || (w & 1) != 0 || (s.H & 1) != 0 || ow < 16) new Span<float>(d, s.H * w).Clear();
            for (int r = 0; r < s.OutH; r++)
            {
                int top = 2 * r * w;
                int c0 = 0;
                if (vector && ow >= 16)
                {
                    // The vector body writes every element of its windows; the scalar tail writes only maxima.
                    c0 = PoolingRows.MaxBackward(x + top, w, dy + r * ow, d + top, ow);
                    new Span<float>(d + top + 2 * c0, 2 * (ow - c0)).Clear();
                    new Span<float>(d + top + w + 2 * c0, 2 * (ow - c0)).Clear();
                }

                for (int c = c0; c < ow; c++)
                {
                    int b = top + 2 * c;
                    d[b + Offset(FirstMax(x + b, w, out _), w)] = dy[r * ow + c];
                }
            }
        });
    }

    /// <summary>
    /// <see cref="MaxForward(Tensor, Tensor)"/> that also records each window's first maximum as 0–3 (row-major in
    /// the window), one byte per output element: what <see cref="MaxBackward(ReadOnlySpan{byte}, Tensor, Tensor)"/>
    /// needs once the input itself is gone.
    /// </summary>
    public static void MaxForward(Tensor input, Tensor output, Span<byte> indices)
    {
        if (indices.Length < output.Length) throw new ArgumentException($"{output.Length} windows need as many index bytes, got {indices.Length}.", nameof(indices));
        fixed (byte* ip = indices) MaxForwardCore(input, output, ip);
    }

    /// <summary>The forward, recording maxima only when <paramref name="indices"/> is not null.</summary>
    private static void MaxForwardCore(Tensor input, Tensor output, byte* indices)
    {
        CheckPooled(input, output);
        bool vector = PoolingRows.Applies(KernelIsa.Current);
        nint idx = (nint)indices;
        ForPlanes(input, output, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x, y, p, s) =>
        {
            int w = s.W, ow = s.OutW;
            byte* o = idx == 0 ? null : (byte*)idx + (nint)p * s.OutH * ow;
            for (int r = 0; r < s.OutH; r++)
            {
                float* top = x + 2 * r * w;
                byte* row = o == null ? null : o + r * ow;
                int c0 = vector ? PoolingRows.MaxForward(top, w, y + r * ow, row, ow) : 0;
                for (int c = c0; c < ow; c++)
                {
                    int best = FirstMax(top + 2 * c, w, out y[r * ow + c]);
                    if (row != null) row[c] = (byte)best;
                }
            }
        });
    }

    /// <summary>Max pooling's backward from the indices <see cref="MaxForward(Tensor, Tensor, Span{byte})"/> recorded: each window's gradient goes to its maximum, the rest get 0.</summary>
    public static void MaxBackward(ReadOnlySpan<byte> indices, Tensor gradOutput, Tensor gradInput)
    {
        CheckPooled(gradInput, gradOutput);
        if (indices.Length < gradOutput.Length) throw new ArgumentException($"{gradOutput.Length} windows need as many index bytes, got {indices.Length}.", nameof(indices));
        bool vector = PoolingRows.Applies(KernelIsa.Current);
        fixed (byte* ip = indices)
        {
            nint idx = (nint)ip;
            ForPlanes(gradInput, gradOutput, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (dx, dy, p, s) =>
            {
                int w = s.W, ow = s.OutW;
                byte* o = (byte*)idx + (nint)p * s.OutH * ow;
                for (int r = 0; r < s.OutH; r++)
                {
                    float* top = dx + 2 * r * w;
                    int c0 = vector ? PoolingRows.MaxBackwardIndexed(o + r * ow, w, dy + r * ow, top, ow) : 0;
                    for (int c = c0; c < ow; c++)
                    {
                        int k = o[r * ow + c];
                        float g = dy[r * ow + c];
                        float* b = top + 2 * c;
                        b[0] = k == 0 ? g : 0;
                        b[1] = k == 1 ? g : 0;
                        b[w] = k == 2 ? g : 0;
                        b[w + 1] = k == 3 ? g : 0;
                    }

                    if ((w & 1) != 0)
                    {
                        top[w - 1] = 0;
                        top[2 * w - 1] = 0;
                    }
                }

                int covered = 2 * s.OutH * w;
                new Span<float>(dx + covered, s.H * w - covered).Clear();
            });
        }
    }

    /// <summary>Scalar rows (avg pooling is the rare option; max pooling has the vector body).</summary>
    public static void AvgForward(Tensor input, Tensor output)
    {
        CheckPooled(input, output);
        ForPlanes(input, output, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x, y, _, s) =>
        {
            int w = s.W, ow = s.OutW;
            for (int r = 0; r < s.OutH; r++)
            {
                float* top = x + 2 * r * w;
                for (int c = 0; c < ow; c++)
                {
                    float* b = top + 2 * c;
                    y[r * ow + c] = (b[0] + b[1] + b[w] + b[w + 1]) * 0.25f;
                }
            }
        });
    }

    /// <summary>Each input of a window gets a quarter of its gradient; rows and columns cut off by floor get 0.</summary>
    public static void AvgBackward(Tensor gradOutput, Tensor gradInput)
    {
        CheckPooled(gradInput, gradOutput);
        ForPlanes(gradInput, gradOutput, [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (dx, dy, _, s) =>
        {
            int w = s.W;
            for (int r = 0; r < s.OutH; r++)
            {
                float* top = dx + 2 * r * w;
                for (int c = 0; c < s.OutW; c++)
                {
                    float g = dy[r * s.OutW + c] * 0.25f;
                    float* b = top + 2 * c;
                    b[0] = g; b[1] = g; b[w] = g; b[w + 1] = g;
                }

                if ((w & 1) != 0)
                {
                    top[w - 1] = 0;
                    top[2 * w - 1] = 0;
                }
            }

            int covered = 2 * s.OutH * w;
            new Span<float>(dx + covered, s.H * w - covered).Clear();
        });
    }

    /// <summary>The window at <paramref name="b"/>'s first maximum in row-major order (0–3), with strict comparisons as PyTorch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstMax(float* b, int w, out float max)
    {
        int best = 0;
        float m = b[0];
        if (b[1] > m) { m = b[1]; best = 1; }
        if (b[w] > m) { m = b[w]; best = 2; }
        if (b[w + 1] > m) { m = b[w + 1]; best = 3; }
        max = m;
        return best;
    }

    /// <summary>Where window element <paramref name="k"/> (0–3) lies from the window's top-left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(int k, int w) => (k & 1) + (k >> 1) * w;

    private readonly record struct PoolShape(int H, int W, int OutH, int OutW);

    private delegate void PlaneBody(float* big, float* small, int planeIndex, PoolShape shape);

    private static void ForPlanes(Tensor big, Tensor small, PlaneBody body)
    {
        int planes = big.N * big.C, plane = big.Plane;
        var shape = new PoolShape(big.H, big.W, small.H, small.W);
        nint x = (nint)big.Pointer, y = (nint)small.Pointer;
        Parallelism.For((planes + PlanesPerTile - 1) / PlanesPerTile, tile =>
        {
            int end = Math.Min(planes, (tile + 1) * PlanesPerTile);
            for (int p = tile * PlanesPerTile; p < end; p++)
            {
                body((float*)x + (nint)p * plane, (float*)y + (nint)p * shape.OutH * shape.OutW, p, shape);
            }
        });
    }

    private static void CheckPooled(Tensor big, Tensor small)
    {
        ArgumentNullException.ThrowIfNull(big);
        ArgumentNullException.ThrowIfNull(small);
        if (small.N != big.N || small.C != big.C || small.H != big.H / 2 || small.W != big.W / 2)
        {
            throw new ArgumentException($"2x2 pooling maps {big} to {big.N}x{big.C}x{big.H / 2}x{big.W / 2}, not {small}.", nameof(small));
        }
    }

    private static void CheckSame(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (!a.SameShape(b)) throw new ArgumentException($"Gradient {b} does not match input {a}.", nameof(b));
    }
}
