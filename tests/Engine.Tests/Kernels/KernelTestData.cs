using Nst.Engine.Kernels;
using Nst.Engine.Tensors;
using Xunit;

namespace Nst.Engine.Tests.Kernels;

/// <summary>Seeded inputs and the comparison every kernel test uses.</summary>
internal static class KernelTestData
{
    /// <summary>Every path this machine can run, widest first, as <see cref="IsaLevel"/> numbers (test methods are public).</summary>
    public static TheoryData<int> Paths()
    {
        var data = new TheoryData<int>();
        for (var level = KernelIsa.Detected; level >= IsaLevel.Scalar; level--) data.Add((int)level);
        return data;
    }

    public static IDisposable Force(int path) => KernelIsa.Force((IsaLevel)path);

    public static Tensor Random(int seed, int n, int c, int h, int w, float range = 1f)
    {
        var rng = new Random(seed);
        var t = new Tensor(n, c, h, w);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
        return t;
    }

    /// <summary>Small integers, so that pooling windows often hold ties.</summary>
    public static Tensor RandomIntegers(int seed, int n, int c, int h, int w)
    {
        var rng = new Random(seed);
        var t = new Tensor(n, c, h, w);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = rng.Next(-2, 3);
        return t;
    }

    public static ConvWeights Weights(int seed, int outputs, int inputs)
    {
        var rng = new Random(seed);
        var w = new float[outputs * inputs * 9];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() * 2 - 1) * 0.5f;
        var b = new float[outputs];
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2 - 1);
        return new ConvWeights(outputs, inputs, w, b);
    }

    /// <summary>
    /// |actual − expected| ≤ terms·1e-6 + |expected|·1e-5: float accumulation of <paramref name="terms"/>
    /// products of magnitude ≤ 1 against a double-accumulated reference.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int terms)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = terms * 1e-6 + Math.Abs(expected[i]) * 1e-5;
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
            }
        }
    }

    public static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"Element {i}: {expected[i]} vs {actual[i]} differ in bits.");
            }
        }
    }
}
