using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// The F(2×2, 3×3) tile transforms over a run of consecutive tiles of one tile row, read from and written to
/// zero-padded staging rows, so no tile needs an edge case. Input: V = Bᵀ·d·B for each 4×4 patch d; output:
/// Y = Aᵀ·M·A (+ bias, ReLU) for each 4×4 product M. Tile t of a run covers staging columns 2t … 2t+3.
/// The Vector512 bodies do 16 tiles at once (even/odd columns split with one permute); the scalar
/// bodies do the same arithmetic in the same order.
/// </summary>
internal static unsafe class WinogradTransforms
{
    private const int Row = WinogradScratch.StageRow;

    public static bool Vectorised(IsaLevel isa) => isa == IsaLevel.Vector512 && Avx512F.IsSupported;

    /// <summary>v[ξ·xiStride + t] for tiles t &lt; run, from staging rows stage[r·Row + column], r = 0..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Input(float* stage, int run, float* v, nint xiStride, bool vector)
    {
        int t = 0;
        if (vector)
        {
            float* tmp = stackalloc float[16 * 16];
            var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var odd = even + Vector512<int>.One;
            for (; t < run; t += 16)
            {
                // h[r][c]: the column transform of staged row r (Bᵀ applied along the row).
                Vector512<float> h00, h01, h02, h03, h10, h11, h12, h13, h20, h21, h22, h23, h30, h31, h32, h33;
                Columns(stage + 2 * t, even, odd, out h00, out h01, out h02, out h03);
                Columns(stage + Row + 2 * t, even, odd, out h10, out h11, out h12, out h13);
                Columns(stage + 2 * Row + 2 * t, even, odd, out h20, out h21, out h22, out h23);
                Columns(stage + 3 * Row + 2 * t, even, odd, out h30, out h31, out h32, out h33);
                bool full = run - t >= 16;
                float* d = full ? v + t : tmp;
                nint s = full ? xiStride : 16;
                (h00 - h20).Store(d); (h01 - h21).Store(d + s); (h02 - h22).Store(d + 2 * s); (h03 - h23).Store(d + 3 * s);
                (h10 + h20).Store(d + 4 * s); (h11 + h21).Store(d + 5 * s); (h12 + h22).Store(d + 6 * s); (h13 + h23).Store(d + 7 * s);
                (h20 - h10).Store(d + 8 * s); (h21 - h11).Store(d + 9 * s); (h22 - h12).Store(d + 10 * s); (h23 - h13).Store(d + 11 * s);
                (h10 - h30).Store(d + 12 * s); (h11 - h31).Store(d + 13 * s); (h12 - h32).Store(d + 14 * s); (h13 - h33).Store(d + 15 * s);
                if (!full)
                {
                    for (int xi = 0; xi < 16; xi++)
                    {
                        new ReadOnlySpan<float>(tmp + xi * 16, run - t).CopyTo(new Span<float>(v + xi * xiStride + t, run - t));
                    }
                }
            }

            return;
        }

        float* h = stackalloc float[16];
        for (; t < run; t++)
        {
            for (int r = 0; r < 4; r++)
            {
                float* x = stage + r * Row + 2 * t;
                h[r * 4] = x[0] - x[2];
                h[r * 4 + 1] = x[1] + x[2];
                h[r * 4 + 2] = x[2] - x[1];
                h[r * 4 + 3] = x[1] - x[3];
            }

            for (int c = 0; c < 4; c++)
            {
                v[c * xiStride + t] = h[c] - h[8 + c];
                v[(4 + c) * xiStride + t] = h[4 + c] + h[8 + c];
                v[(8 + c) * xiStride + t] = h[8 + c] - h[4 + c];
                v[(12 + c) * xiStride + t] = h[4 + c] - h[12 + c];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Columns(float* x, Vector512<int> even, Vector512<int> odd,
        out Vector512<float> h0, out Vector512<float> h1, out Vector512<float> h2, out Vector512<float> h3)
    {
        var a = Vector512.Load(x);
        var b = Vector512.Load(x + 16);
        var c = Vector512.Load(x + 2);
        var d = Vector512.Load(x + 18);
        var x0 = Avx512F.PermuteVar16x32x2(a, even, b);
        var x1 = Avx512F.PermuteVar16x32x2(a, odd, b);
        var x2 = Avx512F.PermuteVar16x32x2(c, even, d);
        var x3 = Avx512F.PermuteVar16x32x2(c, odd, d);
        h0 = x0 - x2;
        h1 = x1 + x2;
        h2 = x2 - x1;
        h3 = x1 - x3;
    }

    /// <summary>
    /// Output rows stage[0..2·run) and stage[Row..Row+2·run) from m[ξ·xiStride + t], plus bias, then ReLU if asked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(float* m, nint xiStride, int run, float* stage, float bias, bool relu, bool vector)
    {
        int t = 0;
        if (vector)
        {
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            var b = Vector512.Create(bias);
            for (; t < run; t += 16)
            {
                float* p = m + t;
                // s_a[c] = (Aᵀ·M)[a][c]
                var m0 = Vector512.Load(p); var m1 = Vector512.Load(p + xiStride);
                var m2 = Vector512.Load(p + 2 * xiStride); var m3 = Vector512.Load(p + 3 * xiStride);
                var m4 = Vector512.Load(p + 4 * xiStride); var m5 = Vector512.Load(p + 5 * xiStride);
                var m6 = Vector512.Load(p + 6 * xiStride); var m7 = Vector512.Load(p + 7 * xiStride);
                var m8 = Vector512.Load(p + 8 * xiStride); var m9 = Vector512.Load(p + 9 * xiStride);
                var m10 = Vector512.Load(p + 10 * xiStride); var m11 = Vector512.Load(p + 11 * xiStride);
                var m12 = Vector512.Load(p + 12 * xiStride); var m13 = Vector512.Load(p + 13 * xiStride);
                var m14 = Vector512.Load(p + 14 * xiStride); var m15 = Vector512.Load(p + 15 * xiStride);
                var s00 = m0 + m4 + m8; var s01 = m1 + m5 + m9; var s02 = m2 + m6 + m10; var s03 = m3 + m7 + m11;
                var s10 = m4 - m8 - m12; var s11 = m5 - m9 - m13; var s12 = m6 - m10 - m14; var s13 = m7 - m11 - m15;
                var y00 = s00 + s01 + s02 + b; var y01 = s01 - s02 - s03 + b;
                var y10 = s10 + s11 + s12 + b; var y11 = s11 - s12 - s13 + b;
                if (relu)
                {
                    var z = Vector512<float>.Zero;
                    y00 = Vector512.ConditionalSelect(Vector512.GreaterThan(y00, z), y00, z);
                    y01 = Vector512.ConditionalSelect(Vector512.GreaterThan(y01, z), y01, z);
                    y10 = Vector512.ConditionalSelect(Vector512.GreaterThan(y10, z), y10, z);
                    y11 = Vector512.ConditionalSelect(Vector512.GreaterThan(y11, z), y11, z);
                }

                float* o = stage + 2 * t;
                Avx512F.PermuteVar16x32x2(y00, lo, y01).Store(o);
                Avx512F.PermuteVar16x32x2(y00, hi, y01).Store(o + 16);
                Avx512F.PermuteVar16x32x2(y10, lo, y11).Store(o + Row);
                Avx512F.PermuteVar16x32x2(y10, hi, y11).Store(o + Row + 16);
            }

            return;
        }

        for (; t < run; t++)
        {
            float* p = m + t;
            float s00 = p[0] + p[4 * xiStride] + p[8 * xiStride];
            float s01 = p[xiStride] + p[5 * xiStride] + p[9 * xiStride];
            float s02 = p[2 * xiStride] + p[6 * xiStride] + p[10 * xiStride];
            float s03 = p[3 * xiStride] + p[7 * xiStride] + p[11 * xiStride];
            float s10 = p[4 * xiStride] - p[8 * xiStride] - p[12 * xiStride];
            float s11 = p[5 * xiStride] - p[9 * xiStride] - p[13 * xiStride];
            float s12 = p[6 * xiStride] - p[10 * xiStride] - p[14 * xiStride];
            float s13 = p[7 * xiStride] - p[11 * xiStride] - p[15 * xiStride];
            float* o = stage + 2 * t;
            o[0] = Finish(s00 + s01 + s02 + bias, relu);
            o[1] = Finish(s01 - s02 - s03 + bias, relu);
            o[Row] = Finish(s10 + s11 + s12 + bias, relu);
            o[Row + 1] = Finish(s11 - s12 - s13 + bias, relu);
        }
    }

    private static float Finish(float y, bool relu) => relu && !(y > 0) ? 0f : y;
}
