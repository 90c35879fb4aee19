using ILGPU;
using Nst.Engine.Gpu;
using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Kernels;

namespace Nst.Engine.Tests.Gpu;

/// <summary>The implicit-GEMM convolution against the scalar reference, over shapes whose sizes are not multiples of any tile.</summary>
[Collection(GpuCollection.Name)]
public class ConvKernelTests(GpuFixture gpu)
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 3, 5, 7, 9 },
        { 6, 17, 5, 3 },
        { 13, 70, 6, 11 },
        { 1, 1, 1, 1 },
        { 8, 4, 16, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Conv_Forward_MatchesReference(int inputs, int outputs, int height, int width)
    {
        using var x = KernelTestData.Random(1, 1, inputs, height, width);
        var w = KernelTestData.Weights(2, outputs, inputs);
        using var expected = new Tensor(1, outputs, height, width);
        ReferenceKernels.Conv3x3Forward(x, w, expected);

        var (plain, relu) = RunForward(gpu.Emulator, x, w);
        KernelTestData.AssertClose(expected.Span, plain, inputs * 9);
        var expectedRelu = expected.ToArray().Select(v => v > 0 ? v : 0).ToArray();
        KernelTestData.AssertClose(expectedRelu, relu, inputs * 9);
    }

    [Theory]
    [InlineData(3, 5, 7, 9, false)]
    [InlineData(13, 70, 6, 11, true)]
    [InlineData(2, 3, 1, 5, true)]
    public void Conv_BackwardData_MatchesReference(int inputs, int outputs, int height, int width, bool masked)
    {
        using var dy = KernelTestData.Random(3, 1, outputs, height, width);
        using var below = KernelTestData.Random(4, 1, inputs, height, width);
        var w = KernelTestData.Weights(5, outputs, inputs);
        using var expected = new Tensor(1, inputs, height, width);
        ReferenceKernels.Conv3x3BackwardData(dy, w, expected);
        var e = expected.ToArray();
        if (masked)
        {
            for (int i = 0; i < e.Length; i++) e[i] = below.Span[i] > 0 ? e[i] : 0;
        }

        var actual = RunBackward(gpu.Emulator, dy, w, masked ? below : null);
        KernelTestData.AssertClose(e, actual, outputs * 9);
    }

    /// <summary>The CUDA tile (256 threads, 64×64 blocks, K by 16) gives the emulator tile's bits: the tiling changes the schedule, not the sums.</summary>
    [Fact]
    public void Conv_CudaTile_BitIdenticalToEmulatorTile()
    {
        using var x = KernelTestData.Random(6, 1, 5, 9, 8);
        var w = KernelTestData.Weights(7, 70, 5);
        var (plain, relu) = RunForward(gpu.Emulator, x, w);
        var (cudaPlain, cudaRelu) = RunForward(gpu.CudaTiled, x, w);
        KernelTestData.AssertBitIdentical(plain, cudaPlain);
        KernelTestData.AssertBitIdentical(relu, cudaRelu);

        using var dy = KernelTestData.Random(8, 1, 70, 9, 8);
        var back = RunBackward(gpu.Emulator, dy, w, x);
        var cudaBack = RunBackward(gpu.CudaTiled, dy, w, x);
        KernelTestData.AssertBitIdentical(back, cudaBack);
    }

    private static (float[] Plain, float[] Relu) RunForward(GpuBackend backend, Tensor x, ConvWeights w)
    {
        using var d = new DeviceTensors(backend);
        using var weights = new DeviceConvWeights(backend.Memory, w);
        var input = d.Upload(x);
        var plain = d.Floats(w.OutChannels * x.Plane);
        var relu = d.Floats(w.OutChannels * x.Plane);
        backend.Kernels.Conv(input, weights.Forward, w.OutChannels, weights.Bias, false, ArrayView<float>.Empty, plain);
        backend.Kernels.Conv(input, weights.Forward, w.OutChannels, weights.Bias, true, ArrayView<float>.Empty, relu);
        return (d.Download(plain), d.Download(relu));
    }

    private static float[] RunBackward(GpuBackend backend, Tensor dy, ConvWeights w, Tensor? mask)
    {
        using var d = new DeviceTensors(backend);
        using var weights = new DeviceConvWeights(backend.Memory, w);
        var g = d.Upload(dy);
        var dx = d.Floats(w.InChannels * dy.Plane);
        var m = mask is null ? ArrayView<float>.Empty : d.Upload(mask).View;
        backend.Kernels.Conv(g, weights.Backward, w.InChannels, ArrayView<float>.Empty, false, m, dx);
        return d.Download(dx);
    }
}
