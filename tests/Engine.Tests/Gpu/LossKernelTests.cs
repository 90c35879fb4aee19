using Nst.Engine.Gpu;
using Nst.Engine.Losses;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Kernels;
using Nst.Engine.Tests.Parity;

namespace Nst.Engine.Tests.Gpu;

/// <summary>The content and style losses on the device against the CPU's <see cref="ContentLoss"/> and <see cref="StyleLoss"/>.</summary>
[Collection(GpuCollection.Name)]
public class LossKernelTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ContentLoss_ValueAndGradient_MatchCpu(bool accumulate)
    {
        using var f = KernelTestData.Random(51, 1, 7, 5, 9);
        using var p = KernelTestData.Random(52, 1, 7, 5, 9);
        using var start = KernelTestData.Random(53, 1, 7, 5, 9);
        using var cpu = new ContentLoss(4, p, 2.5f);
        double expected = cpu.Evaluate(f);
        using var expectedGrad = start.Clone();
        cpu.Gradient(f, expectedGrad, accumulate);

        using var d = new DeviceTensors(gpu.Emulator);
        using var loss = new GpuContentLoss(gpu.Emulator.Kernels, gpu.Emulator.Memory, 4, d.Upload(p), 2.5f);
        var features = d.Upload(f);
        var sums = d.Doubles(1);
        var grad = d.Upload(start).View;
        loss.Sum(features, sums, 0);
        loss.Gradient(features, grad, accumulate);
        Assert.Equal(expected, loss.Value(d.Download(sums)[0]), expected * 1e-12);
        KernelTestData.AssertBitIdentical(expectedGrad.Span, d.Download(grad));
    }

    [Theory]
    [InlineData(6, 9, 7, false)]
    [InlineData(17, 70, 61, true)] // two K slices
    public void StyleLoss_ValueAndGradient_MatchCpu(int channels, int height, int width, bool accumulate)
    {
        using var f = KernelTestData.Random(54, 1, channels, height, width);
        using var other = KernelTestData.Random(55, 1, channels, height, width, 0.5f);
        using var start = KernelTestData.Random(56, 1, channels, height, width);
        var target = StyleLoss.GramOf(other);
        var cpu = new StyleLoss(3, target, channels, 1e3f);
        double expected = cpu.Evaluate(f);
        using var expectedGrad = start.Clone();
        cpu.Gradient(f, expectedGrad, accumulate);

        using var d = new DeviceTensors(gpu.Emulator);
        using var scratch = new GpuScratch(gpu.Emulator.Memory);
        using var loss = new GpuStyleLoss(gpu.Emulator.Kernels, gpu.Emulator.Memory, scratch, 3, target, channels, 1e3f);
        var features = d.Upload(f);
        var sums = d.Doubles(1);
        var grad = d.Upload(start).View;
        loss.Sum(features, sums, 0);
        loss.Gradient(features, grad, accumulate);
        double actual = loss.Value(d.Download(sums)[0]);
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * expected, $"style loss {actual} vs CPU {expected}");
        double error = ParityFixture.RelativeError(d.Download(grad), expectedGrad.Span);
        Assert.True(error <= 1e-4, $"style gradient relative error {error:E2}");
    }
}
