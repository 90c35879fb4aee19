using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Kernels;

namespace Nst.Engine.Tests.Gpu;

/// <summary>Pooling and ReLU against the scalar reference: exact (they only compare, copy and scale by ¼), odd sizes and ties included.</summary>
[Collection(GpuCollection.Name)]
public class PoolingKernelTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(3, 8, 8)]
    [InlineData(5, 7, 9)]
    [InlineData(2, 3, 2)]
    [InlineData(1, 2, 17)]
    public void MaxPool_ForwardAndBackward_MatchReferenceExactly(int channels, int height, int width)
    {
        using var x = KernelTestData.RandomIntegers(11, 1, channels, height, width); // ties: the first maximum wins
        using var dy = KernelTestData.Random(12, 1, channels, height / 2, width / 2);
        using var y = new Tensor(1, channels, height / 2, width / 2);
        using var dx = Tensor.Like(x);
        ReferenceKernels.MaxPool2x2(x, y);
        ReferenceKernels.MaxPool2x2Backward(x, dy, dx);

        using var d = new DeviceTensors(gpu.Emulator);
        var input = d.Upload(x);
        var output = d.Floats(y.Length);
        var gradIn = d.Floats(x.Length);
        gpu.Emulator.Kernels.MaxPool(input, output);
        gpu.Emulator.Kernels.MaxPoolBackward(input, d.Upload(dy).View, gradIn);
        KernelTestData.AssertBitIdentical(y.Span, d.Download(output));
        KernelTestData.AssertBitIdentical(dx.Span, d.Download(gradIn));
    }

    [Theory]
    [InlineData(3, 8, 8)]
    [InlineData(5, 7, 9)]
    [InlineData(1, 3, 2)]
    public void AvgPool_ForwardAndBackward_MatchReferenceExactly(int channels, int height, int width)
    {
        using var x = KernelTestData.Random(13, 1, channels, height, width);
        using var dy = KernelTestData.Random(14, 1, channels, height / 2, width / 2);
        using var y = new Tensor(1, channels, height / 2, width / 2);
        using var dx = Tensor.Like(x);
        ReferenceKernels.AvgPool2x2(x, y);
        ReferenceKernels.AvgPool2x2Backward(dy, dx);

        using var d = new DeviceTensors(gpu.Emulator);
        var input = d.Upload(x);
        var output = d.Floats(y.Length);
        var gradIn = d.Floats(x.Length);
        gpu.Emulator.Kernels.AvgPool(input, output);
        gpu.Emulator.Kernels.AvgPoolBackward(input, d.Upload(dy).View, gradIn);
        KernelTestData.AssertBitIdentical(y.Span, d.Download(output));
        KernelTestData.AssertBitIdentical(dx.Span, d.Download(gradIn));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    [InlineData(1000)]
    public void Relu_ForwardAndBackward_MatchReferenceExactly(int count)
    {
        using var x = KernelTestData.RandomIntegers(15, 1, 1, 1, count); // zeros included
        using var g = KernelTestData.Random(16, 1, 1, 1, count);
        var y = new float[count];
        var dx = new float[count];
        ReferenceKernels.Relu(x.Span, y);
        ReferenceKernels.ReluBackward(y, g.Span, dx);

        using var d = new DeviceTensors(gpu.Emulator);
        var output = d.Floats(count);
        var grad = d.Upload(g).View;
        gpu.Emulator.Kernels.Relu(d.Upload(x).View, output, count);
        gpu.Emulator.Kernels.ReluBackward(output, grad, count);
        KernelTestData.AssertBitIdentical(y, d.Download(output));
        KernelTestData.AssertBitIdentical(dx, d.Download(grad));
    }
}
