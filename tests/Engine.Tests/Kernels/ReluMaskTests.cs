using Nst.Engine.Kernels;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels;

public class ReluMaskTests
{
    /// <summary>Every path × lengths with whole vectors, byte and word tails.</summary>
    public static TheoryData<int, int> PathsAndLengths()
    {
        var data = new TheoryData<int, int>();
        foreach (int path in Paths())
        {
            foreach (int length in new[] { 1, 5, 16, 31, 32, 33, 100, 4096 + 13 }) data.Add(path, length);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void PackThenApply_EveryPathAndTail_EqualsReluBackwardOnTheOutput(int path, int length)
    {
        using var x = Random(length, 1, 1, 1, length);
        var xs = x.Span;
        for (int i = 0; i < length; i += 7) xs[i] = i % 3 == 0 ? -0f : i % 3 == 1 ? 0f : float.NaN;
        Activations.Relu(xs, xs);
        using var dy = Random(length + 1, 1, 1, 1, length);
        var expected = new float[length];
        Activations.ReluBackward(xs, dy.Span, expected);
        var bits = new uint[ReluMask.Words(length)];
        bits.AsSpan().Fill(0xFFFFFFFF); // stale bits must be overwritten
        var actual = dy.Span.ToArray();

        using (Force(path))
        {
            ReluMask.Pack(xs, bits);
            ReluMask.Apply(bits, actual);
        }

        AssertBitIdentical(expected, actual);
        for (int i = 0; i < length; i++) Assert.Equal(xs[i] > 0, (bits[i >> 5] & (1u << (i & 31))) != 0);
    }

    [Fact]
    public void Pack_TooFewWords_Throws()
    {
        Assert.Throws<ArgumentException>(() => ReluMask.Pack(new float[33], new uint[1]));
    }
}
