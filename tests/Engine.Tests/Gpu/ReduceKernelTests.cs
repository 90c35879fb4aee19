using Nst.Engine.Gpu;
using Nst.Engine.Tests.Kernels;

namespace Nst.Engine.Tests.Gpu;

/// <summary>The fixed-order sums: correct over every tail, the same bits on every call and for every tile shape.</summary>
[Collection(GpuCollection.Name)]
public class ReduceKernelTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(3 * GpuKernels.ReduceSegment + 17)] // four segments, then the sum of their partials
    public void SumSquares_AnyCount_MatchesDoubleSumAndRepeatsBitForBit(int count)
    {
        using var v = KernelTestData.Random(31, 1, 1, 1, count);
        double expected = 0;
        foreach (float x in v.Span) expected += (double)x * x;

        using var d = new DeviceTensors(gpu.Emulator);
        var values = d.Upload(v).View;
        var sums = d.Doubles(2);
        gpu.Emulator.Kernels.SumSquares(values, count, sums, 0);
        gpu.Emulator.Kernels.SumSquares(values, count, sums, 1);
        var result = d.Download(sums);
        Assert.Equal(expected, result[0], expected * 1e-12);
        Assert.Equal(BitConverter.DoubleToInt64Bits(result[0]), BitConverter.DoubleToInt64Bits(result[1]));
    }

    [Fact]
    public void SumSquaredDifference_CudaTile_BitIdenticalToEmulatorTile()
    {
        int count = GpuKernels.ReduceSegment + 1001;
        using var a = KernelTestData.Random(32, 1, 1, 1, count);
        using var b = KernelTestData.Random(33, 1, 1, 1, count);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Sum(gpu.Emulator)), BitConverter.DoubleToInt64Bits(Sum(gpu.CudaTiled)));

        double Sum(GpuBackend backend)
        {
            using var d = new DeviceTensors(backend);
            var sums = d.Doubles(1);
            backend.Kernels.SumSquaredDifference(d.Upload(a).View, d.Upload(b).View, count, sums, 0);
            return d.Download(sums)[0];
        }
    }
}
