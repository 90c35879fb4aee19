using Nst.Engine.Gpu;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Kernels;
using Nst.Engine.Tests.Parity;

namespace Nst.Engine.Tests.Gpu;

/// <summary>The Gram matrix (split-K partials summed in slice order) and its backward against the scalar reference.</summary>
[Collection(GpuCollection.Name)]
public class GramKernelTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(5, 65, 67)] // 4355 pixels: two K slices, the second short
    [InlineData(13, 6, 7)]
    [InlineData(70, 3, 5)]
    [InlineData(1, 1, 1)]
    public void Gram_Forward_MatchesReference(int channels, int height, int width)
    {
        using var f = KernelTestData.Random(21, 1, channels, height, width);
        float scale = 1f / (channels * height * width);
        var expected = new float[channels * channels];
        ReferenceKernels.Gram(f, expected, scale);

        var actual = Gram(gpu.Emulator, f, scale);
        // The reference sums in double; ours in float over H·W terms, then scales.
        double error = ParityFixture.RelativeError(actual, expected);
        Assert.True(error <= 1e-5, $"relative error {error:E2}");
        for (int a = 0; a < channels; a++)
        {
            for (int b = 0; b < channels; b++) Assert.Equal(actual[a * channels + b], actual[b * channels + a]); // exactly symmetric
        }
    }

    [Theory]
    [InlineData(5, 9, 7, false)]
    [InlineData(70, 3, 5, true)]
    public void Gram_Backward_MatchesReference(int channels, int height, int width, bool accumulate)
    {
        using var f = KernelTestData.Random(22, 1, channels, height, width);
        using var start = KernelTestData.Random(23, 1, channels, height, width);
        var dG = KernelTestData.Random(24, 1, 1, channels, channels).ToArray();
        float scale = 1f / (channels * height * width);
        using var expected = accumulate ? start.Clone() : Tensor.Like(f);
        ReferenceKernels.GramBackwardAccumulate(f, dG, expected, scale);

        var factor = new float[channels * channels];
        for (int a = 0; a < channels; a++)
        {
            for (int b = 0; b < channels; b++) factor[a * channels + b] = (dG[a * channels + b] + dG[b * channels + a]) * scale;
        }

        using var d = new DeviceTensors(gpu.Emulator);
        var features = d.Upload(f);
        var grad = d.Upload(start).View;
        gpu.Emulator.Kernels.GramBackward(d.Upload(factor), features, grad, accumulate);
        KernelTestData.AssertClose(expected.Span, d.Download(grad), 2 * channels);
    }

    /// <summary>The CUDA tile's Gram and Gram backward give the emulator tile's bits (two row and three column blocks, with tails; the
    /// slices' order is covered above, with the emulator tile, where K long enough for two slices is affordable).</summary>
    [Fact]
    public void Gram_CudaTile_BitIdenticalToEmulatorTile()
    {
        using var f = KernelTestData.Random(25, 1, 70, 13, 11);
        var factor = KernelTestData.Random(26, 1, 1, 70, 70).ToArray();
        float scale = 1f / f.Length;
        KernelTestData.AssertBitIdentical(Gram(gpu.Emulator, f, scale), Gram(gpu.CudaTiled, f, scale));
        KernelTestData.AssertBitIdentical(GramBackward(gpu.Emulator, f, factor), GramBackward(gpu.CudaTiled, f, factor));
    }

    private static float[] GramBackward(GpuBackend backend, Tensor f, float[] factor)
    {
        using var d = new DeviceTensors(backend);
        var grad = d.Floats(f.Length, 0.5f);
        backend.Kernels.GramBackward(d.Upload(factor), d.Upload(f), grad, accumulate: true);
        return d.Download(grad);
    }

    private static float[] Gram(GpuBackend backend, Tensor f, float scale)
    {
        using var d = new DeviceTensors(backend);
        int c = f.C, slices = GpuKernels.Slices(f.Plane);
        var partial = d.Floats(slices * c * c);
        var gram = d.Floats(c * c);
        backend.Kernels.GramPartial(d.Upload(f), partial);
        backend.Kernels.GramFinish(partial, gram, c, slices, scale);
        return d.Download(gram);
    }
}
