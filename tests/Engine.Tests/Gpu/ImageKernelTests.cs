using Nst.Engine.Gpu.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Kernels;

namespace Nst.Engine.Tests.Gpu;

/// <summary>Preprocessing and dL/dx (the preprocessing's backward plus TV) against the CPU's <see cref="Preprocessor"/> and <see cref="TotalVariationLoss"/>.</summary>
[Collection(GpuCollection.Name)]
public class ImageKernelTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(Preprocess.Torchvision, 7, 5)]
    [InlineData(Preprocess.Caffe, 4, 9)]
    public void Preprocess_MatchesCpuExactly(Preprocess kind, int height, int width)
    {
        using var x = KernelTestData.Random(41, 1, 3, height, width);
        using var expected = Tensor.Like(x);
        var pre = new Preprocessor(kind);
        pre.Forward(x.Span, expected);

        using var d = new DeviceTensors(gpu.Emulator);
        var xhat = d.Floats(x.Length);
        gpu.Emulator.Kernels.Preprocess(d.Upload(x).View, xhat, x.Plane, PreprocessConstants.Of(pre));
        KernelTestData.AssertBitIdentical(expected.Span, d.Download(xhat));
    }

    /// <summary>Power 1 adds the same float terms in the CPU loop's order: the same bits. Other powers compute in double, pow aside.</summary>
    [Theory]
    [InlineData(Preprocess.Torchvision, 7, 5, 0.3f, 1f)]
    [InlineData(Preprocess.Caffe, 1, 6, 2f, 1f)]
    [InlineData(Preprocess.Torchvision, 6, 1, 0f, 1f)]
    [InlineData(Preprocess.Torchvision, 5, 8, 0.7f, 1.25f)]
    [InlineData(Preprocess.Caffe, 4, 3, 0.2f, 0.5f)]
    public void ImageGradient_MatchesCpuPreprocessorAndTotalVariation(Preprocess kind, int height, int width, float tvWeight, float power)
    {
        using var x = KernelTestData.Random(42, 1, 3, height, width);
        if (power != 1f) x.Span[^1] = x.Span[^2]; // a flat pair: the subgradient 0 where b = 0 only if both differences vanish
        using var gxhat = KernelTestData.Random(43, 1, 3, height, width);
        var pre = new Preprocessor(kind);
        var expected = new float[x.Length];
        pre.BackwardAccumulate(gxhat, expected);
        double tv = power == 1f
            ? TotalVariationLoss.EvaluateAccumulate(x.Span, expected, 3, height, width, tvWeight)
            : TotalVariationLoss.EvaluatePowerAccumulate(x.Span, expected, 3, height, width, tvWeight, power);

        using var d = new DeviceTensors(gpu.Emulator);
        var image = d.Upload(x).View;
        var grad = d.Floats(x.Length);
        var sums = d.Doubles(1);
        gpu.Emulator.Kernels.ImageGradient(d.Upload(gxhat).View, image, grad, height, width, PreprocessConstants.Of(pre), tvWeight, power);
        gpu.Emulator.Kernels.SumTotalVariation(image, height, width, power, sums, 0);
        var actual = d.Download(grad);
        if (power == 1f) KernelTestData.AssertBitIdentical(expected, actual);
        else KernelTestData.AssertClose(expected, actual, 4);
        Assert.Equal(tv, tvWeight * d.Download(sums)[0], Math.Abs(tv) * 1e-12 + 1e-300);
    }
}
