using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class VectorMathTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * (1 << random.Next(0, 12))).ToArray();
    }

    /// <summary>The documented order: lane i mod 8 in double, lanes combined ((0+4)+(2+6))+((1+5)+(3+7)).</summary>
    private static double ReferenceDot(float[] a, float[] b)
    {
        var lane = new double[8];
        for (int i = 0; i < a.Length; i++)
            lane[i % 8] += (double)a[i] * b[i];
        return ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
    }

    [Fact]
    public void Dot_EveryLengthUpTo100_MatchesLaneOrderReferenceBitExactly()
    {
        for (int n = 0; n <= 100; n++)
        {
            var a = Values(n, n);
            var b = Values(n, n + 1000);
            Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceDot(a, b)), BitConverter.DoubleToInt64Bits(VectorMath.Dot(a, b)));
        }
    }

    [Fact]
    public void SumAbs_LongVector_MatchesLaneOrderReferenceBitExactly()
    {
        var a = Values(1003, 7);
        var abs = a.Select(Math.Abs).ToArray();
        var ones = Enumerable.Repeat(1f, a.Length).ToArray();

        Assert.Equal(ReferenceDot(abs, ones), VectorMath.SumAbs(a));
    }

    [Fact]
    public void AddScaled_AnyLength_IsFusedMultiplyAdd()
    {
        // (1 + 2^-12)² = 1 + 2^-11 + 2^-24: the 2^-24 term survives only a fused multiply-add.
        for (int n = 1; n <= 40; n++)
        {
            float v = 1f + MathF.Pow(2, -12);
            var target = Enumerable.Repeat(-1f, n).ToArray();
            var source = Enumerable.Repeat(v, n).ToArray();

            VectorMath.AddScaled(target, source, v);

            Assert.All(target, t => Assert.Equal(MathF.FusedMultiplyAdd(v, v, -1f), t));
            Assert.NotEqual(v * v - 1f, target[0]);
        }
    }

    [Fact]
    public void MaxAbs_MixedSigns_ReturnsLargestMagnitude()
    {
        Assert.Equal(5f, VectorMath.MaxAbs([1f, -5f, 3f]));
        Assert.Equal(0f, VectorMath.MaxAbs([]));
    }
}
