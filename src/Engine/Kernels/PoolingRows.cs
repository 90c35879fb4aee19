using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nst.Engine.Kernels;

/// <summary>
/// Vector512 bodies of 2×2 max pooling for the leading multiple of 16 outputs of one output row. Windows are
/// scanned in the scalar order (top-left, top-right, bottom-left, bottom-right) with the same strict
/// comparisons, so ties and signed zeros resolve exactly as in <see cref="Pooling"/>'s scalar code.
/// </summary>
internal static unsafe class PoolingRows
{
    public static bool Applies(IsaLevel isa) => isa == IsaLevel.Vector512 && Avx512F.IsSupported;

    private static Vector512<int> Even => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    private static Vector512<int> Lo => Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);

    private static Vector512<int> Hi => Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    /// <summary>dx for the windows of outputs c &lt; the returned count: dy at the first maximum, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MaxBackward(float* top, int w, float* dy, float* dxTop, int ow)
    {
        var even = Even;
        var odd = even + Vector512<int>.One;
        var lo = Lo;
        var hi = Hi;
        var z = Vector512<float>.Zero;
        int c = 0;
        for (; c + 16 <= ow; c += 16)
        {
            Load(top + 2 * c, w, even, odd, out var a, out var b, out var d, out var e);
            var g = Vector512.Load(dy + c);
            // best ∈ {a, b, d, e}: take each later candidate only when strictly greater, as the scalar loop does.
            var m = a;
            var pickB = Vector512.GreaterThan(b, m);
            m = Vector512.ConditionalSelect(pickB, b, m);
            var pickD = Vector512.GreaterThan(d, m);
            m = Vector512.ConditionalSelect(pickD, d, m);
            var pickE = Vector512.GreaterThan(e, m);
            var isE = pickE;
            var isD = pickD & ~pickE;
            var isB = pickB & ~pickD & ~pickE;
            var isA = ~(pickB | pickD | pickE);
            var ga = Vector512.ConditionalSelect(isA, g, z);
            var gb = Vector512.ConditionalSelect(isB, g, z);
            var gd = Vector512.ConditionalSelect(isD, g, z);
            var ge = Vector512.ConditionalSelect(isE, g, z);
            float* o = dxTop + 2 * c;
            Avx512F.PermuteVar16x32x2(ga, lo, gb).Store(o);
            Avx512F.PermuteVar16x32x2(ga, hi, gb).Store(o + 16);
            Avx512F.PermuteVar16x32x2(gd, lo, ge).Store(o + w);
            Avx512F.PermuteVar16x32x2(gd, hi, ge).Store(o + w + 16);
        }

        return c;
    }

    /// <summary>
    /// y[c] for c &lt; the returned count (a multiple of 16 not above ow) and, unless <paramref name="index"/> is null,
    /// each window's first maximum (0–3) as a byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MaxForward(float* top, int w, float* y, byte* index, int ow)
    {
        var even = Even;
        var odd = even + Vector512<int>.One;
        var one = Vector512<int>.One;
        int c = 0;
        for (; c + 16 <= ow; c += 16)
        {
            Load(top + 2 * c, w, even, odd, out var a, out var b, out var d, out var e);
            var m = a;
            var k = Vector512<int>.Zero;
            var pick = Vector512.GreaterThan(b, m);
            m = Vector512.ConditionalSelect(pick, b, m);
            k = Vector512.ConditionalSelect(pick.AsInt32(), one, k);
            pick = Vector512.GreaterThan(d, m);
            m = Vector512.ConditionalSelect(pick, d, m);
            k = Vector512.ConditionalSelect(pick.AsInt32(), one + one, k);
            pick = Vector512.GreaterThan(e, m);
            m = Vector512.ConditionalSelect(pick, e, m);
            k = Vector512.ConditionalSelect(pick.AsInt32(), one + one + one, k);
            m.Store(y + c);
            if (index != null) Avx512F.ConvertToVector128Byte(k).Store(index + c);
        }

        return c;
    }

    /// <summary>dx for the windows of outputs c &lt; the returned count from recorded maxima: dy where index says, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MaxBackwardIndexed(byte* index, int w, float* dy, float* dxTop, int ow)
    {
        var lo = Lo;
        var hi = Hi;
        var z = Vector512<float>.Zero;
        var one = Vector512<int>.One;
        int c = 0;
        for (; c + 16 <= ow; c += 16)
        {
            var k = Avx512F.ConvertToVector512Int32(Vector128.Load(index + c));
            var g = Vector512.Load(dy + c);
            var ga = Vector512.ConditionalSelect(Vector512.Equals(k, Vector512<int>.Zero).AsSingle(), g, z);
            var gb = Vector512.ConditionalSelect(Vector512.Equals(k, one).AsSingle(), g, z);
            var gd = Vector512.ConditionalSelect(Vector512.Equals(k, one + one).AsSingle(), g, z);
            var ge = Vector512.ConditionalSelect(Vector512.Equals(k, one + one + one).AsSingle(), g, z);
            float* o = dxTop + 2 * c;
            Avx512F.PermuteVar16x32x2(ga, lo, gb).Store(o);
            Avx512F.PermuteVar16x32x2(ga, hi, gb).Store(o + 16);
            Avx512F.PermuteVar16x32x2(gd, lo, ge).Store(o + w);
            Avx512F.PermuteVar16x32x2(gd, hi, ge).Store(o + w + 16);
        }

        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(float* top, int w, Vector512<int> even, Vector512<int> odd,
        out Vector512<float> a, out Vector512<float> b, out Vector512<float> d, out Vector512<float> e)
    {
        var t0 = Vector512.Load(top);
        var t1 = Vector512.Load(top + 16);
        var b0 = Vector512.Load(top + w);
        var b1 = Vector512.Load(top + w + 16);
        a = Avx512F.PermuteVar16x32x2(t0, even, t1);
        b = Avx512F.PermuteVar16x32x2(t0, odd, t1);
        d = Avx512F.PermuteVar16x32x2(b0, even, b1);
        e = Avx512F.PermuteVar16x32x2(b0, odd, b1);
    }
}
