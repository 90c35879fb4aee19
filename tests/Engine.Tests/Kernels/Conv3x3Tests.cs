using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels;

/// <summary>The direct (implicit-GEMM) path; the Winograd paths are tested in Winograd/.</summary>
public class Conv3x3Tests
{
    /// <summary>(batch, inputs, outputs, height, width): channels off multiples of 6 and 16, every spatial edge case.</summary>
    private static readonly int[][] Shapes =
    [
        [1, 1, 1, 1, 1],
        [1, 3, 5, 2, 3],
        [2, 5, 17, 7, 9],
        [1, 17, 3, 15, 16],
        [1, 3, 64, 33, 31],
        [1, 64, 17, 7, 9],
        [1, 17, 64, 15, 16],
        [2, 64, 5, 2, 3],
        [1, 30, 70, 20, 13],
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
    public void Forward_EveryPathAndShape_MatchesReference(int path, int shape)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var x = Random(shape, n, ci, h, w);
        var weights = Weights(shape + 100, co, ci);
        using var expected = new Tensor(n, co, h, w);
        using var actual = new Tensor(n, co, h, w);
        ReferenceKernels.Conv3x3Forward(x, weights, expected);

        using (Force(path))
        using (ConvPolicy.Force(ConvAlgorithm.Direct))
        {
            Conv3x3.Forward(x, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, ci * 9);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void BackwardData_EveryPathAndShape_MatchesReference(int path, int shape)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var dy = Random(shape + 7, n, co, h, w);
        var weights = Weights(shape + 200, co, ci);
        using var expected = new Tensor(n, ci, h, w);
        using var actual = new Tensor(n, ci, h, w);
        ReferenceKernels.Conv3x3BackwardData(dy, weights, expected);

        using (Force(path))
        using (ConvPolicy.Force(ConvAlgorithm.Direct))
        {
            Conv3x3.BackwardData(dy, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, co * 9);
    }

    public static TheoryData<int, int> PathsAndOutputs()
    {
        var data = new TheoryData<int, int>();
        foreach (int path in Paths())
        {
            data.Add(path, 70);
            data.Add(path, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndOutputs))]
    public void ForwardRelu_AnyPath_EqualsForwardThenRelu(int path, int outputs)
    {
        using var x = Random(3, 1, 17, 15, 16);
        var weights = Weights(4, outputs, 17);
        using var plain = new Tensor(1, outputs, 15, 16);
        using var fused = new Tensor(1, outputs, 15, 16);
        using (Force(path))
        using (ConvPolicy.Force(ConvAlgorithm.Direct))
        {
            Conv3x3.Forward(x, weights, plain);
            Activations.Relu(plain.Span, plain.Span);
            Conv3x3.ForwardRelu(x, weights, fused);
        }

        AssertBitIdentical(plain.Span, fused.Span);
    }

    [Fact]
    public void ForwardAndBackward_OneTwoThreeThreads_BitIdentical()
    {
        using var direct = ConvPolicy.Force(ConvAlgorithm.Direct); // Winograd has its own test
        using var x = Random(5, 2, 17, 37, 41);
        using var dy = Random(6, 2, 70, 37, 41);
        var weights = Weights(7, 70, 17);
        var thin = Weights(8, 3, 17);
        float[]? forward = null, backward = null, thinForward = null;
        int saved = Parallelism.Threads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.Threads = threads;
                using var y = new Tensor(2, 70, 37, 41);
                using var dx = new Tensor(2, 17, 37, 41);
                using var yThin = new Tensor(2, 3, 37, 41);
                Conv3x3.Forward(x, weights, y);
                Conv3x3.BackwardData(dy, weights, dx);
                Conv3x3.Forward(x, thin, yThin);
                if (forward is null)
                {
                    forward = y.ToArray();
                    backward = dx.ToArray();
                    thinForward = yThin.ToArray();
                }
                else
                {
                    AssertBitIdentical(forward, y.Span);
                    AssertBitIdentical(backward, dx.Span);
                    AssertBitIdentical(thinForward, yThin.Span);
                }
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void Forward_SameWeightsFromManyThreads_PacksOnceAndAgrees()
    {
        using var x = Random(8, 1, 5, 9, 7);
        var weights = Weights(9, 11, 5);
        using var expected = new Tensor(1, 11, 9, 7);
        ReferenceKernels.Conv3x3Forward(x, weights, expected);
        var results = new float[8][];

        Parallel.For(0, results.Length, i =>
        {
            using var y = new Tensor(1, 11, 9, 7);
            Conv3x3.Forward(x, weights, y);
            results[i] = y.ToArray();
        });

        foreach (var r in results) AssertClose(expected.Span, r, 45);
    }

    [Fact]
    public void Forward_ChannelMismatch_Throws()
    {
        using var x = new Tensor(1, 4, 5, 5);
        using var y = new Tensor(1, 8, 5, 5);
        Assert.Throws<ArgumentException>(() => Conv3x3.Forward(x, Weights(1, 8, 3), y));
    }
}
