using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels.Winograd;

public class WinogradConvTests
{
    /// <summary>
    /// (batch, inputs, outputs, height, width): single pixels, odd sides (partial tiles), tile rows longer than a
    /// 64-tile block, blocks that start mid-row, channel counts off multiples of 6 and 16, batches.
    /// </summary>
    private static readonly int[][] Shapes =
    [
        [1, 1, 1, 1, 1],
        [1, 3, 5, 2, 3],
        [2, 5, 17, 7, 9],
        [1, 17, 3, 15, 16],
        [1, 8, 9, 31, 33],
        [1, 33, 7, 3, 130],
        [1, 6, 40, 18, 150],
        [2, 40, 70, 20, 13],
    ];

    /// <summary>Every path × shape × Winograd tile size (as <see cref="ConvAlgorithm"/> numbers).</summary>
    public static TheoryData<int, int, int> PathsShapesAndTiles()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int path in Paths())
        {
            for (int s = 0; s < Shapes.Length; s++)
            {
                data.Add(path, s, (int)ConvAlgorithm.Winograd);
                data.Add(path, s, (int)ConvAlgorithm.Winograd4);
            }
        }

        return data;
    }

    /// <summary>
    /// The transforms scale partial sums before they cancel: F(2×2) by up to 4, F(4×4) (entries up to 8 in Aᵀ,
    /// 5 in Bᵀ) by far more, so allow that many times the direct bound.
    /// </summary>
    private static int Slack(int algorithm) => algorithm == (int)ConvAlgorithm.Winograd4 ? 64 : 4;

    [Theory]
    [MemberData(nameof(PathsShapesAndTiles))]
    public void Forward_EveryPathShapeAndTile_MatchesReference(int path, int shape, int algorithm)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var x = Random(shape, n, ci, h, w);
        var weights = Weights(shape + 100, co, ci);
        using var expected = new Tensor(n, co, h, w);
        using var actual = new Tensor(n, co, h, w);
        ReferenceKernels.Conv3x3Forward(x, weights, expected);

        using (Force(path))
        using (ConvPolicy.Force((ConvAlgorithm)algorithm))
        {
            Conv3x3.Forward(x, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, Slack(algorithm) * ci * 9);
    }

    [Theory]
    [MemberData(nameof(PathsShapesAndTiles))]
    public void ForwardRelu_EveryPathShapeAndTile_IsReluOfReference(int path, int shape, int algorithm)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var x = Random(shape + 3, n, ci, h, w);
        var weights = Weights(shape + 300, co, ci);
        using var expected = new Tensor(n, co, h, w);
        using var actual = new Tensor(n, co, h, w);
        ReferenceKernels.Conv3x3Forward(x, weights, expected);
        ReferenceKernels.Relu(expected.Span, expected.Span);

        using (Force(path))
        using (ConvPolicy.Force((ConvAlgorithm)algorithm))
        {
            Conv3x3.ForwardRelu(x, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, Slack(algorithm) * ci * 9);
        foreach (float v in actual.Span) Assert.True(v >= 0 && !float.IsNegative(v));
    }

    [Theory]
    [MemberData(nameof(PathsShapesAndTiles))]
    public void BackwardData_EveryPathShapeAndTile_MatchesReference(int path, int shape, int algorithm)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var dy = Random(shape + 7, n, co, h, w);
        var weights = Weights(shape + 200, co, ci);
        using var expected = new Tensor(n, ci, h, w);
        using var actual = new Tensor(n, ci, h, w);
        ReferenceKernels.Conv3x3BackwardData(dy, weights, expected);

        using (Force(path))
        using (ConvPolicy.Force((ConvAlgorithm)algorithm))
        {
            Conv3x3.BackwardData(dy, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, Slack(algorithm) * co * 9);
    }

    public static TheoryData<int, int, int> PathsShapesAndAlgorithms()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int path in Paths())
        {
            for (int s = 0; s < Shapes.Length; s++)
            {
                data.Add(path, s, (int)ConvAlgorithm.Winograd);
                data.Add(path, s, (int)ConvAlgorithm.Winograd4);
                data.Add(path, s, (int)ConvAlgorithm.Direct);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsShapesAndAlgorithms))]
    public void BackwardDataThroughRelu_EveryPathShapeAndAlgorithm_MatchesReluThenConvBackward(int path, int shape, int algorithm)
    {
        var (n, ci, co, h, w) = (Shapes[shape][0], Shapes[shape][1], Shapes[shape][2], Shapes[shape][3], Shapes[shape][4]);
        using var dy = Random(shape + 9, n, co, h, w);
        using var reluOutput = Random(shape + 10, n, co, h, w);
        ReferenceKernels.Relu(reluOutput.Span, reluOutput.Span); // about half zeros
        var weights = Weights(shape + 400, co, ci);
        using var masked = Tensor.Like(dy);
        ReferenceKernels.ReluBackward(reluOutput.Span, dy.Span, masked.Span);
        using var expected = new Tensor(n, ci, h, w);
        using var actual = new Tensor(n, ci, h, w);
        ReferenceKernels.Conv3x3BackwardData(masked, weights, expected);

        using (Force(path))
        using (ConvPolicy.Force((ConvAlgorithm)algorithm))
        {
            Conv3x3.BackwardDataThroughRelu(dy, reluOutput, weights, actual);
        }

        AssertClose(expected.Span, actual.Span, Slack(algorithm) * co * 9);
    }

    [Theory]
    [InlineData((int)ConvAlgorithm.Winograd)]
    [InlineData((int)ConvAlgorithm.Winograd4)]
    public void ForwardAndBackward_OneTwoThreeThreads_BitIdentical(int algorithm)
    {
        using var x = Random(11, 1, 40, 37, 141);
        using var dy = Random(12, 1, 70, 37, 141);
        var weights = Weights(13, 70, 40);
        int saved = Parallelism.Threads;
        float[]? forward = null, backward = null;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.Threads = threads;
                using var y = new Tensor(1, 70, 37, 141);
                using var dx = new Tensor(1, 40, 37, 141);
                using (ConvPolicy.Force((ConvAlgorithm)algorithm))
                {
                    Conv3x3.ForwardRelu(x, weights, y);
                    Conv3x3.BackwardData(dy, weights, dx);
                }

                if (forward == null)
                {
                    forward = y.ToArray();
                    backward = dx.ToArray();
                    continue;
                }

                AssertBitIdentical(forward, y.Span);
                AssertBitIdentical(backward, dx.Span);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Theory]
    [InlineData(3, 64, 512 * 512, 0)]
    [InlineData(31, 512, 512 * 512, 0)]
    [InlineData(64, 3, 512 * 512, 4)]
    [InlineData(64, 64, 512 * 512, 4)]
    [InlineData(512, 512, 64 * 64, 4)]
    [InlineData(512, 512, 64 * 63, 2)]
    [InlineData(512, 512, 32 * 32, 2)]
    [InlineData(256, 256, 96 * 96, 4)]
    [InlineData(32, 32, 1, 2)]
    public void WinogradTile_Auto_DirectForNarrowInputsAndF4OnMapsOf64x64OrMore(int inputs, int outputs, int plane, int expected)
    {
        Assert.Equal(expected, ConvPolicy.WinogradTile(inputs, outputs, plane));
        using (ConvPolicy.Force(ConvAlgorithm.Direct)) Assert.Equal(0, ConvPolicy.WinogradTile(inputs, outputs, plane));
        using (ConvPolicy.Force(ConvAlgorithm.Winograd)) Assert.Equal(2, ConvPolicy.WinogradTile(inputs, outputs, plane));
        using (ConvPolicy.Force(ConvAlgorithm.Winograd4)) Assert.Equal(4, ConvPolicy.WinogradTile(inputs, outputs, plane));
    }
}
