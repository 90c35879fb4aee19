using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels;

public class GramTests
{
    /// <summary>(channels, height, width); 97×91 spans two K chunks of 8192.</summary>
    private static readonly int[][] Shapes =
    [
        [1, 1, 1],
        [3, 2, 3],
        [5, 7, 9],
        [17, 15, 16],
        [64, 33, 31],
        [70, 5, 7],
        [130, 3, 3],
        [7, 97, 91],
    ];

    public static TheoryData<int, int> PathsAndShapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int path in Paths())
        {
            for (int s = 0; s < Shapes.Length; s++) data.Add(path, s);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Compute_EveryPathAndShape_MatchesReferenceAndIsSymmetric(int path, int shape)
    {
        var (c, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2]);
        using var f = Random(shape, 1, c, h, w);
        float scale = 1f / (c * h * w);
        var expected = new float[c * c];
        var actual = new float[c * c];
        ReferenceKernels.Gram(f, expected, scale);

        using (Force(path)) Gram.Compute(f, actual, scale);

        for (int i = 0; i < expected.Length; i++) expected[i] /= scale;
        for (int i = 0; i < actual.Length; i++) actual[i] /= scale;
        AssertClose(expected, actual, h * w);
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b < a; b++) Assert.Equal(actual[b * c + a], actual[a * c + b]);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Backward_AccumulateEveryPathAndShape_MatchesReference(int path, int shape)
    {
        var (c, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2]);
        using var f = Random(shape, 1, c, h, w);
        var gradGram = new float[c * c];
        var rng = new Random(shape + 50);
        for (int i = 0; i < gradGram.Length; i++) gradGram[i] = (float)(rng.NextDouble() * 2 - 1);
        using var expected = Random(shape + 60, 1, c, h, w);
        using var actual = expected.Clone();
        ReferenceKernels.GramBackwardAccumulate(f, gradGram, expected, 0.5f);

        using (Force(path)) Gram.Backward(f, gradGram, actual, 0.5f, accumulate: true);

        AssertClose(expected.Span, actual.Span, 2 * c);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Backward_Overwrite_EveryPathAndShape_MatchesReferenceFromZero(int path, int shape)
    {
        var (c, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2]);
        using var f = Random(shape, 1, c, h, w);
        var gradGram = new float[c * c];
        var rng = new Random(shape + 70);
        for (int i = 0; i < gradGram.Length; i++) gradGram[i] = (float)(rng.NextDouble() * 2 - 1);
        using var expected = new Tensor(1, c, h, w);
        using var actual = Random(shape + 80, 1, c, h, w); // stale values must not leak in
        ReferenceKernels.GramBackwardAccumulate(f, gradGram, expected, 0.5f);

        using (Force(path)) Gram.Backward(f, gradGram, actual, 0.5f, accumulate: false);

        AssertClose(expected.Span, actual.Span, 2 * c);
    }

    [Fact]
    public void ComputeAndBackward_OneTwoThreeThreads_BitIdentical()
    {
        using var f = Random(9, 1, 70, 97, 91);
        var gradGram = new float[70 * 70];
        for (int i = 0; i < gradGram.Length; i++) gradGram[i] = (i % 13) - 6;
        float[]? gram = null, grad = null;
        int saved = Parallelism.Threads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.Threads = threads;
                var g = new float[70 * 70];
                using var df = new Tensor(1, 70, 97, 91);
                Gram.Compute(f, g, 0.25f);
                Gram.Backward(f, gradGram, df, 0.25f, accumulate: true);
                if (gram is null)
                {
                    gram = g;
                    grad = df.ToArray();
                }
                else
                {
                    AssertBitIdentical(gram, g);
                    AssertBitIdentical(grad, df.Span);
                }
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void Compute_GramTooSmall_Throws()
    {
        using var f = new Tensor(1, 4, 2, 2);
        Assert.Throws<ArgumentException>(() => Gram.Compute(f, new float[15], 1f));
    }
}
