using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Optim;

/// <summary>
/// The vector arithmetic of the optimizers. Elementwise updates are single IEEE operations per element
/// (fused where PyTorch's kernels fuse: <c>add_(v, alpha)</c> is an FMA on its AVX2 path), so their results
/// do not depend on the vector width. Reductions accumulate in double over eight fixed lanes
/// (element i goes to lane i mod 8; float·float products are exact in double) and combine the lanes in a
/// fixed order: the same bits on every machine and run, and closer to the exact value than PyTorch's
/// float32 BLAS dot.
/// </summary>
internal static class VectorMath
{
    private const int Lanes = 8;

    /// <summary>Σ a[i]·b[i], in double.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("Vectors differ in length.", nameof(b));
        return Reduce(a, b, absolute: false);
    }

    /// <summary>Σ |a[i]|, in double.</summary>
    public static double SumAbs(ReadOnlySpan<float> a) => Reduce(a, a, absolute: true);

    /// <summary>max |a[i]| (exact in any order); 0 for an empty vector.</summary>
    public static float MaxAbs(ReadOnlySpan<float> a) => a.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(a));

    /// <summary>max |a[i]·s| with each product rounded to float, as <c>a.mul(s).abs().max()</c>.</summary>
    public static float MaxAbsScaled(ReadOnlySpan<float> a, float s)
    {
        float max = 0f;
        foreach (float v in a)
            max = MathF.Max(max, MathF.Abs(v * s));
        return max;
    }

    /// <summary>target[i] = fma(v[i], alpha, target[i]): PyTorch's <c>target.add_(v, alpha=alpha)</c>.</summary>
    public static void AddScaled(Span<float> target, ReadOnlySpan<float> v, float alpha) =>
        TensorPrimitives.FusedMultiplyAdd(v, alpha, target, target);

    /// <summary>destination[i] = fma(v[i], alpha, x[i]).</summary>
    public static void AddScaled(ReadOnlySpan<float> x, ReadOnlySpan<float> v, float alpha, Span<float> destination) =>
        TensorPrimitives.FusedMultiplyAdd(v, alpha, x, destination);

    private static double Reduce(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool absolute)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        Span<double> lane = stackalloc double[Lanes];
        lane.Clear();
        if (Vector256.IsHardwareAccelerated && n >= Lanes)
        {
            // Lanes 0-3 in low, 4-7 in high: the same lane assignment as the scalar loop below.
            Vector256<double> low = Vector256<double>.Zero, high = Vector256<double>.Zero;
            for (; i <= n - Lanes; i += Lanes)
            {
                var (al, ah) = Vector256.Widen(Vector256.LoadUnsafe(ref pa, (nuint)i));
                if (absolute)
                {
                    low += Vector256.Abs(al);
                    high += Vector256.Abs(ah);
                }
                else
                {
                    var (bl, bh) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, (nuint)i));
                    low += al * bl;
                    high += ah * bh;
                }
            }
            low.CopyTo(lane);
            high.CopyTo(lane[4..]);
        }
        else
        {
            for (; i <= n - Lanes; i += Lanes)
                for (int k = 0; k < Lanes; k++)
                    lane[k] += Term(Unsafe.Add(ref pa, i + k), Unsafe.Add(ref pb, i + k), absolute);
        }
        for (int k = 0; i < n; i++, k++)
            lane[k] += Term(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i), absolute);
        return ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Term(float a, float b, bool absolute) => absolute ? Math.Abs((double)a) : (double)a * b;
}
