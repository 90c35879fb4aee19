using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels;

public class PoolingTests
{
    /// <summary>(batch, channels, height, width), odd sizes included.</summary>
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 2, 2 },
        { 1, 3, 2, 3 },
        { 2, 5, 7, 9 },
        { 1, 17, 15, 16 },
        { 1, 6, 33, 31 },
        { 1, 2, 3, 5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MaxForwardAndBackward_TiesAndOddSizes_BitIdenticalToReference(int n, int c, int h, int w)
    {
        using var x = RandomIntegers(h * w, n, c, h, w);
        using var dy = Random(c, n, c, h / 2, w / 2);
        using var expectedY = new Tensor(n, c, h / 2, w / 2);
        using var actualY = new Tensor(n, c, h / 2, w / 2);
        using var expectedDx = new Tensor(n, c, h, w);
        using var actualDx = Random(1, n, c, h, w);
        ReferenceKernels.MaxPool2x2(x, expectedY);
        ReferenceKernels.MaxPool2x2Backward(x, dy, expectedDx);

        Pooling.MaxForward(x, actualY);
        Pooling.MaxBackward(x, dy, actualDx);

        AssertBitIdentical(expectedY.Span, actualY.Span);
        AssertBitIdentical(expectedDx.Span, actualDx.Span);
    }

    /// <summary>Every path × rows wide enough for whole vectors of 16 windows plus tails, odd sides, ties and signed zeros.</summary>
    public static TheoryData<int, int, int, int> PathsAndWideShapes()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach (int path in Paths())
        {
            data.Add(path, 3, 4, 64);
            data.Add(path, 2, 7, 37);
            data.Add(path, 1, 6, 66);
            data.Add(path, 2, 33, 97);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndWideShapes))]
    public void MaxForwardAndBackward_EveryPathWideRows_BitIdenticalToReference(int path, int c, int h, int w)
    {
        using var x = RandomIntegers(h * w + c, 1, c, h, w);
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i += 7) xs[i] = xs[i] == 0 ? -0f : xs[i]; // signed zeros among the ties
        using var dy = Random(c + 1, 1, c, h / 2, w / 2);
        using var expectedY = new Tensor(1, c, h / 2, w / 2);
        using var actualY = new Tensor(1, c, h / 2, w / 2);
        using var expectedDx = new Tensor(1, c, h, w);
        using var actualDx = Random(3, 1, c, h, w);
        ReferenceKernels.MaxPool2x2(x, expectedY);
        ReferenceKernels.MaxPool2x2Backward(x, dy, expectedDx);

        using (Force(path))
        {
            Pooling.MaxForward(x, actualY);
            Pooling.MaxBackward(x, dy, actualDx);
        }

        AssertBitIdentical(expectedY.Span, actualY.Span);
        AssertBitIdentical(expectedDx.Span, actualDx.Span);
    }

    [Theory]
    [MemberData(nameof(PathsAndWideShapes))]
    public void MaxForwardWithIndices_EveryPathTiesAndOddSides_BackwardFromIndicesBitIdenticalToReference(int path, int c, int h, int w)
    {
        using var x = RandomIntegers(h * w + 2 * c, 1, c, h, w);
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i += 5) xs[i] = xs[i] == 0 ? -0f : xs[i];
        using var dy = Random(c + 2, 1, c, h / 2, w / 2);
        using var expectedY = new Tensor(1, c, h / 2, w / 2);
        using var actualY = new Tensor(1, c, h / 2, w / 2);
        using var expectedDx = new Tensor(1, c, h, w);
        using var actualDx = Random(4, 1, c, h, w); // stale values must all be overwritten
        ReferenceKernels.MaxPool2x2(x, expectedY);
        ReferenceKernels.MaxPool2x2Backward(x, dy, expectedDx);
        var indices = new byte[actualY.Length];
        indices.AsSpan().Fill(9);

        using (Force(path))
        {
            Pooling.MaxForward(x, actualY, indices);
            xs.Fill(float.NaN); // the backward must not need the input any more
            Pooling.MaxBackward(indices, dy, actualDx);
        }

        AssertBitIdentical(expectedY.Span, actualY.Span);
        AssertBitIdentical(expectedDx.Span, actualDx.Span);
        Assert.All(indices, k => Assert.InRange(k, 0, 3));
    }

    [Fact]
    public void MaxForwardWithIndices_TooFewIndexBytes_Throws()
    {
        using var x = new Tensor(1, 2, 4, 4);
        using var y = new Tensor(1, 2, 2, 2);
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x, y, new byte[7]));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AvgForwardAndBackward_OddSizes_BitIdenticalToReference(int n, int c, int h, int w)
    {
        using var x = Random(h + w, n, c, h, w);
        using var dy = Random(c, n, c, h / 2, w / 2);
        using var expectedY = new Tensor(n, c, h / 2, w / 2);
        using var actualY = new Tensor(n, c, h / 2, w / 2);
        using var expectedDx = new Tensor(n, c, h, w);
        using var actualDx = Random(2, n, c, h, w);
        ReferenceKernels.AvgPool2x2(x, expectedY);
        ReferenceKernels.AvgPool2x2Backward(dy, expectedDx);

        Pooling.AvgForward(x, actualY);
        Pooling.AvgBackward(dy, actualDx);

        AssertBitIdentical(expectedY.Span, actualY.Span);
        AssertBitIdentical(expectedDx.Span, actualDx.Span);
    }

    [Theory]
    [MemberData(nameof(PathsAndWideShapes))]
    public void AvgForwardAndBackward_EveryPathWideRows_BitIdenticalToReference(int path, int c, int h, int w)
    {
        using var x = Random(h * w + c, 1, c, h, w);
        using var dy = Random(c + 1, 1, c, h / 2, w / 2);
        using var expectedY = new Tensor(1, c, h / 2, w / 2);
        using var actualY = new Tensor(1, c, h / 2, w / 2);
        using var expectedDx = new Tensor(1, c, h, w);
        using var actualDx = Random(3, 1, c, h, w);
        ReferenceKernels.AvgPool2x2(x, expectedY);
        ReferenceKernels.AvgPool2x2Backward(dy, expectedDx);

        using (Force(path))
        {
            Pooling.AvgForward(x, actualY);
            Pooling.AvgBackward(dy, actualDx);
        }

        AssertBitIdentical(expectedY.Span, actualY.Span);
        AssertBitIdentical(expectedDx.Span, actualDx.Span);
    }

    [Fact]
    public void MaxBackward_OneTwoThreeThreads_BitIdentical()
    {
        using var x = RandomIntegers(3, 2, 9, 17, 19);
        using var dy = Random(4, 2, 9, 8, 9);
        float[]? first = null;
        int saved = Parallelism.Threads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.Threads = threads;
                using var dx = new Tensor(2, 9, 17, 19);
                Pooling.MaxBackward(x, dy, dx);
                if (first is null) first = dx.ToArray();
                else AssertBitIdentical(first, dx.Span);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void MaxForward_WrongOutputShape_Throws()
    {
        using var x = new Tensor(1, 2, 5, 5);
        using var y = new Tensor(1, 2, 3, 2);
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x, y));
    }
}
