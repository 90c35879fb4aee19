using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Kernels.Winograd;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels.Winograd;

public class WinogradWeightsTests
{
    private static readonly double[,] G2 = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };

    private static readonly double[,] G4 =
    {
        { 1 / 4.0, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 },
        { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 },
    };

    /// <summary>(outputs, inputs): counts off multiples of 6 and 16, and more than one 64-column staging chunk.</summary>
    private static readonly int[][] Shapes = [[3, 7], [7, 13], [13, 3], [1, 1], [70, 67], [12, 130]];

    public static TheoryData<int, int, bool, int> PathsTilesDirectionsAndShapes()
    {
        var data = new TheoryData<int, int, bool, int>();
        foreach (int path in Paths())
        {
            foreach (int tile in new[] { 2, 4 })
            {
                for (int s = 0; s < Shapes.Length; s++)
                {
                    data.Add(path, tile, false, s);
                    data.Add(path, tile, true, s);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsTilesDirectionsAndShapes))]
    public void Load_EveryPathTileDirectionAndShape_MatchesDoubleReference(int path, int tile, bool backward, int shape)
    {
        var w = Weights(shape + 10 * tile, Shapes[shape][0], Shapes[shape][1]);
        var u = new WinogradWeights();
        using (Force(path)) u.Load(w, tile, backward);

        AssertMatchesReference(w, tile, backward, u);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public unsafe void Load_EveryPathAndThreadCount_BitIdentical(int tile)
    {
        var w = Weights(7, 40, 70);
        int saved = Parallelism.Threads;
        float[]? first = null;
        try
        {
            foreach (int path in Paths())
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    Parallelism.Threads = threads;
                    var u = new WinogradWeights();
                    using (Force(path)) u.Load(w, tile, backward: true);
                    var panels = new ReadOnlySpan<float>(u.Panel(0, 0), u.Positions * u.RowsPadded * u.Inputs).ToArray();
                    if (first == null) first = panels;
                    else AssertBitIdentical(first, panels);
                }
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public unsafe void Load_SmallerLayerAfterLarger_KeepsBufferAndOverwritesAllOfIt()
    {
        var large = Weights(1, 70, 67);
        var small = Weights(2, 7, 13);
        var u = new WinogradWeights();
        u.Load(large, 4, backward: false);
        long capacity = u.Capacity;

        u.Load(small, 2, backward: false);

        Assert.Equal(capacity, u.Capacity);
        AssertMatchesReference(small, 2, backward: false, u); // includes the padded rows 7..11 reading zero
        for (int o = 0; o < 12; o++) Assert.Equal(o < 7 ? small.Bias[o] : 0f, u.Bias[o]);
    }

    [Fact]
    public unsafe void Load_Backward_HasNoBiasAndSwapsRowsAndColumns()
    {
        var w = Weights(3, 5, 9);
        var u = new WinogradWeights();

        u.Load(w, 4, backward: true);

        Assert.False(u.HasBias);
        Assert.True(u.Bias == null);
        Assert.Equal((9, 5, 12, 36), (u.Outputs, u.Inputs, u.RowsPadded, u.Positions));
    }

    [Fact]
    public void Rent_WhileAnotherIsOut_GivesSeparateLoadedBuffers()
    {
        var a = Weights(4, 8, 16);
        var b = Weights(5, 16, 8);
        var first = WinogradWeightPool.Rent(a, 4, backward: false);
        var second = WinogradWeightPool.Rent(b, 2, backward: true);
        try
        {
            Assert.NotSame(first, second);
            AssertMatchesReference(a, 4, backward: false, first);
            AssertMatchesReference(b, 2, backward: true, second);
        }
        finally
        {
            WinogradWeightPool.Return(second);
            WinogradWeightPool.Return(first);
        }
    }

    [Theory]
    [InlineData((int)ConvAlgorithm.Winograd)]
    [InlineData((int)ConvAlgorithm.Winograd4)]
    public async Task Conv3x3_FlowsOnSameWeightsAtOnce_EachMatchesItsSequentialResult(int algorithm)
    {
        var weights = Weights(21, 20, 14);
        using var x = Random(22, 1, 14, 19, 23);
        using var dy = Random(23, 1, 20, 19, 23);
        float[] Forward()
        {
            using var y = new Tensor(1, 20, 19, 23);
            using (ConvPolicy.Force((ConvAlgorithm)algorithm)) Conv3x3.ForwardRelu(x, weights, y);
            return y.ToArray();
        }

        float[] Backward()
        {
            using var dx = new Tensor(1, 14, 19, 23);
            using (ConvPolicy.Force((ConvAlgorithm)algorithm)) Conv3x3.BackwardData(dy, weights, dx);
            return dx.ToArray();
        }

        float[] forward = Forward(), backward = Backward();
        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(flow => Task.Run(() => Enumerable.Range(0, 20).Select(_ => flow % 2 == 0 ? Forward() : Backward()).ToList())));

        for (int flow = 0; flow < results.Length; flow++)
        {
            foreach (var result in results[flow]) AssertBitIdentical(flow % 2 == 0 ? forward : backward, result);
        }
    }

    /// <summary>
    /// Every panel element, padded rows included, against U = G·g·Gᵀ in double. The float transform rounds a few
    /// times per stage, so allow 16 float ulps of Σ|G||g||Gᵀ| (the size of the terms before they cancel).
    /// </summary>
    private static unsafe void AssertMatchesReference(ConvWeights w, int tile, bool backward, WinogradWeights u)
    {
        var g = tile == 2 ? G2 : G4;
        int a = tile + 2, rows = backward ? w.InChannels : w.OutChannels, cols = backward ? w.OutChannels : w.InChannels;
        Assert.Equal((tile, rows, cols), (u.Tile, u.Outputs, u.Inputs));
        Assert.Equal((rows + MicroKernel.Mr - 1) / MicroKernel.Mr * MicroKernel.Mr, u.RowsPadded);
        var k = new double[9];
        for (int row = 0; row < u.RowsPadded; row++)
        {
            for (int col = 0; col < cols; col++)
            {
                for (int t = 0; t < 9; t++)
                {
                    k[t] = row >= rows ? 0
                        : backward ? w.Weight[(col * w.InChannels + row) * 9 + 8 - t]
                        : w.Weight[(row * w.InChannels + col) * 9 + t];
                }

                for (int i = 0; i < a; i++)
                {
                    for (int j = 0; j < a; j++)
                    {
                        double expected = 0, magnitude = 0;
                        for (int r = 0; r < 3; r++)
                        {
                            for (int c = 0; c < 3; c++)
                            {
                                double term = g[i, r] * k[r * 3 + c] * g[j, c];
                                expected += term;
                                magnitude += Math.Abs(term);
                            }
                        }

                        float actual = u.Panel(i * a + j, row / MicroKernel.Mr)[col * MicroKernel.Mr + row % MicroKernel.Mr];
                        double tolerance = 16 * magnitude / (1 << 24);
                        if (!(Math.Abs(actual - expected) <= tolerance))
                        {
                            Assert.Fail($"U[{i * a + j}][{row}, {col}]: expected {expected}, got {actual} (tolerance {tolerance}).");
                        }
                    }
                }
            }
        }
    }
}
