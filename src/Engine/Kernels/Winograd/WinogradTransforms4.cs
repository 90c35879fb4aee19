using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// The F(4×4, 3×3) tile transforms (points 0, ±1, ±2), laid out like <see cref="WinogradTransforms"/>: tile t of a
/// run covers staging columns 4t … 4t+5 of six staged rows; output tile t fills columns 4t … 4t+3 of four rows.
/// Input V = Bᵀ·d·B (6×6), output Y = Aᵀ·M·A (4×4). The Vector512 bodies do 16 tiles at once, picking every
/// fourth column with two-source permutes; the scalar bodies do the same arithmetic.
/// </summary>
internal static unsafe class WinogradTransforms4
{
    private const int Row = WinogradScratch.StageRow;

    /// <summary>v[ξ·xiStride + t] for ξ = 6a + b, tiles t &lt; run, from staging rows stage[r·Row + column], r = 0..5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Input(float* stage, int run, float* v, nint xiStride, bool vector)
    {
        if (vector)
        {
            InputVector(stage, run, v, xiStride);
            return;
        }

        float* h = stackalloc float[36];
        for (int t = 0; t < run; t++)
        {
            for (int r = 0; r < 6; r++)
            {
                float* d = stage + r * Row + 4 * t;
                Bt(d[0], d[1], d[2], d[3], d[4], d[5], out h[r * 6], out h[r * 6 + 1], out h[r * 6 + 2], out h[r * 6 + 3], out h[r * 6 + 4], out h[r * 6 + 5]);
            }

            for (int c = 0; c < 6; c++)
            {
                Bt(h[c], h[6 + c], h[12 + c], h[18 + c], h[24 + c], h[30 + c], out float v0, out float v1, out float v2, out float v3, out float v4, out float v5);
                v[c * xiStride + t] = v0;
                v[(6 + c) * xiStride + t] = v1;
                v[(12 + c) * xiStride + t] = v2;
                v[(18 + c) * xiStride + t] = v3;
                v[(24 + c) * xiStride + t] = v4;
                v[(30 + c) * xiStride + t] = v5;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Bt(float d0, float d1, float d2, float d3, float d4, float d5,
        out float r0, out float r1, out float r2, out float r3, out float r4, out float r5)
    {
        r0 = 4f * d0 - 5f * d2 + d4;
        r1 = d3 + d4 - 4f * (d1 + d2);
        r2 = d4 - d3 + 4f * (d1 - d2);
        r3 = d4 - d2 + 2f * (d3 - d1);
        r4 = d4 - d2 + 2f * (d1 - d3);
        r5 = 4f * d1 - 5f * d3 + d5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Bt(Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4, Vector512<float> d5,
        out Vector512<float> r0, out Vector512<float> r1, out Vector512<float> r2, out Vector512<float> r3, out Vector512<float> r4, out Vector512<float> r5)
    {
        var four = Vector512.Create(4f);
        var five = Vector512.Create(5f);
        var two = Vector512.Create(2f);
        r0 = four * d0 - five * d2 + d4;
        r1 = d3 + d4 - four * (d1 + d2);
        r2 = d4 - d3 + four * (d1 - d2);
        r3 = d4 - d2 + two * (d3 - d1);
        r4 = d4 - d2 + two * (d1 - d3);
        r5 = four * d1 - five * d3 + d5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputVector(float* stage, int run, float* v, nint xiStride)
    {
        var pick0 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
        var join = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
        var one = Vector512<int>.One;
        float* tmp = stackalloc float[36 * 16];
        Vector512<float>* h = stackalloc Vector512<float>[36];
        for (int t = 0; t < run; t += 16)
        {
            for (int r = 0; r < 6; r++)
            {
                float* d = stage + r * Row + 4 * t;
                var c0 = Pick(d, pick0, join);
                var c1 = Pick(d, pick0 + one, join);
                var c2 = Pick(d, pick0 + one + one, join);
                var c3 = Pick(d, pick0 + one + one + one, join);
                var c4 = Pick(d + 4, pick0, join);
                var c5 = Pick(d + 4, pick0 + one, join);
                Bt(c0, c1, c2, c3, c4, c5, out h[r * 6], out h[r * 6 + 1], out h[r * 6 + 2], out h[r * 6 + 3], out h[r * 6 + 4], out h[r * 6 + 5]);
            }

            bool full = run - t >= 16;
            float* dst = full ? v + t : tmp;
            nint s = full ? xiStride : 16;
            for (int c = 0; c < 6; c++)
            {
                Bt(h[c], h[6 + c], h[12 + c], h[18 + c], h[24 + c], h[30 + c], out var v0, out var v1, out var v2, out var v3, out var v4, out var v5);
                v0.Store(dst + c * s);
                v1.Store(dst + (6 + c) * s);
                v2.Store(dst + (12 + c) * s);
                v3.Store(dst + (18 + c) * s);
                v4.Store(dst + (24 + c) * s);
                v5.Store(dst + (30 + c) * s);
            }

            if (!full)
            {
                for (int xi = 0; xi < 36; xi++)
                {
                    new ReadOnlySpan<float>(tmp + xi * 16, run - t).CopyTo(new Span<float>(v + xi * xiStride + t, run - t));
                }
            }
        }
    }

    /// <summary>x[4t + j] for t = 0..15, where <paramref name="pick"/> holds 4t + j for t &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pick(float* x, Vector512<int> pick, Vector512<int> join)
    {
        var low = Avx512F.PermuteVar16x32x2(Vector512.Load(x), pick, Vector512.Load(x + 16));
        var high = Avx512F.PermuteVar16x32x2(Vector512.Load(x + 32), pick, Vector512.Load(x + 48));
        return Avx512F.PermuteVar16x32x2(low, join, high);
    }

    /// <summary>Output rows stage[r·Row + 4t + c] (r, c &lt; 4) from m[ξ·xiStride + t], plus bias, then ReLU if asked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(float* m, nint xiStride, int run, float* stage, float bias, bool relu, bool vector)
    {
        if (vector)
        {
            OutputVector(m, xiStride, run, stage, bias, relu);
            return;
        }

        float* s = stackalloc float[24];
        for (int t = 0; t < run; t++)
        {
            float* p = m + t;
            for (int c = 0; c < 6; c++)
            {
                At(p[c * xiStride], p[(6 + c) * xiStride], p[(12 + c) * xiStride], p[(18 + c) * xiStride], p[(24 + c) * xiStride], p[(30 + c) * xiStride],
                    out s[c], out s[6 + c], out s[12 + c], out s[18 + c]);
            }

            for (int r = 0; r < 4; r++)
            {
                float* q = s + r * 6;
                At(q[0], q[1], q[2], q[3], q[4], q[5], out float y0, out float y1, out float y2, out float y3);
                float* o = stage + r * Row + 4 * t;
                o[0] = Finish(y0 + bias, relu);
                o[1] = Finish(y1 + bias, relu);
                o[2] = Finish(y2 + bias, relu);
                o[3] = Finish(y3 + bias, relu);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void At(float m0, float m1, float m2, float m3, float m4, float m5, out float y0, out float y1, out float y2, out float y3)
    {
        float a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
        y0 = m0 + a + c;
        y1 = b + 2f * d;
        y2 = a + 4f * c;
        y3 = b + 8f * d + m5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void At(Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4, Vector512<float> m5,
        out Vector512<float> y0, out Vector512<float> y1, out Vector512<float> y2, out Vector512<float> y3)
    {
        var a = m1 + m2;
        var b = m1 - m2;
        var c = m3 + m4;
        var d = m3 - m4;
        y0 = m0 + a + c;
        y1 = b + Vector512.Create(2f) * d;
        y2 = a + Vector512.Create(4f) * c;
        y3 = b + Vector512.Create(8f) * d + m5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputVector(float* m, nint xiStride, int run, float* stage, float bias, bool relu)
    {
        var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        var quad0 = Vector512.Create(0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
        var quad1 = Vector512.Create(8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
        var b = Vector512.Create(bias);
        Vector512<float>* s = stackalloc Vector512<float>[24];
        for (int t = 0; t < run; t += 16)
        {
            float* p = m + t;
            for (int c = 0; c < 6; c++)
            {
                At(Vector512.Load(p + c * xiStride), Vector512.Load(p + (6 + c) * xiStride), Vector512.Load(p + (12 + c) * xiStride),
                    Vector512.Load(p + (18 + c) * xiStride), Vector512.Load(p + (24 + c) * xiStride), Vector512.Load(p + (30 + c) * xiStride),
                    out s[c], out s[6 + c], out s[12 + c], out s[18 + c]);
            }

            for (int r = 0; r < 4; r++)
            {
                At(s[r * 6], s[r * 6 + 1], s[r * 6 + 2], s[r * 6 + 3], s[r * 6 + 4], s[r * 6 + 5], out var y0, out var y1, out var y2, out var y3);
                y0 = Finish(y0 + b, relu);
                y1 = Finish(y1 + b, relu);
                y2 = Finish(y2 + b, relu);
                y3 = Finish(y3 + b, relu);
                var a0 = Avx512F.PermuteVar16x32x2(y0, lo, y1); // (y0, y1) pairs of tiles 0..7
                var a1 = Avx512F.PermuteVar16x32x2(y0, hi, y1); // tiles 8..15
                var c0 = Avx512F.PermuteVar16x32x2(y2, lo, y3);
                var c1 = Avx512F.PermuteVar16x32x2(y2, hi, y3);
                float* o = stage + r * Row + 4 * t;
                Avx512F.PermuteVar16x32x2(a0, quad0, c0).Store(o);
                Avx512F.PermuteVar16x32x2(a0, quad1, c0).Store(o + 16);
                Avx512F.PermuteVar16x32x2(a1, quad0, c1).Store(o + 32);
                Avx512F.PermuteVar16x32x2(a1, quad1, c1).Store(o + 48);
            }
        }
    }

    private static float Finish(float y, bool relu) => relu && !(y > 0) ? 0f : y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Finish(Vector512<float> y, bool relu)
        => relu ? Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), y, Vector512<float>.Zero) : y;
}
