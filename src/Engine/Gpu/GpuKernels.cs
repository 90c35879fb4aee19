using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>
/// Every kernel the GPU objective launches, on one accelerator and stream, in terms of device views. Launches
/// are asynchronous and ordered; <see cref="Synchronize"/> waits for them. Callers hold <see cref="Gate"/> while
/// they launch, so objectives of one backend used from several threads take turns on its one stream.
/// </summary>
internal abstract class GpuKernels : IDisposable
{
    /// <summary>Held for a whole evaluation (or objective set-up), which shares the stream and the kernels' scratch.</summary>
    public Lock Gate { get; } = new();

    /// <summary>K per slice of a Gram matrix's split-K sum: fixed, so the partials are added in an order set by the shape alone.</summary>
    public const int GramSlice = 4096;

    /// <summary>Terms per group of a reduction's first pass.</summary>
    public const int ReduceSegment = 65536;

    /// <summary>
    /// y = conv3x3(x, w) as an implicit GEMM with w laid out K×M (K = inChannels·9), then + bias, ReLU or the mask
    /// of the ReLU below, as asked (empty views for none).
    /// </summary>
    public abstract void Conv(DeviceMap input, ArrayView<float> weights, int outChannels, ArrayView<float> bias, bool relu, ArrayView<float> mask, ArrayView<float> output);

    /// <summary>Partial Gram matrices of C×HW features, one per <see cref="GramSlice"/> of HW, into partial[slice][C×C].</summary>
    public abstract void GramPartial(DeviceMap features, ArrayView<float> partial);

    /// <summary>grad (=, or += with accumulate) factor·F, factor C×C: the Gram's backward.</summary>
    public abstract void GramBackward(ArrayView<float> factor, DeviceMap features, ArrayView<float> grad, bool accumulate);

    public abstract void Relu(ArrayView<float> x, ArrayView<float> y, int count);

    public abstract void ReluBackward(ArrayView<float> output, ArrayView<float> grad, int count);

    public abstract void MaxPool(DeviceMap input, ArrayView<float> output);

    public abstract void MaxPoolBackward(DeviceMap input, ArrayView<float> gradOutput, ArrayView<float> gradInput);

    public abstract void AvgPool(DeviceMap input, ArrayView<float> output);

    public abstract void AvgPoolBackward(DeviceMap input, ArrayView<float> gradOutput, ArrayView<float> gradInput);

    public abstract void Preprocess(ArrayView<float> x, ArrayView<float> xhat, int plane, Kernels.PreprocessConstants constants);

    /// <summary>dL/dx from dL/dx̂ plus the TV term's gradient (power 1: squared differences).</summary>
    public abstract void ImageGradient(ArrayView<float> gradXhat, ArrayView<float> x, ArrayView<float> grad, int height, int width, Kernels.PreprocessConstants constants, float tvWeight, float tvPower);

    public abstract void ContentGradient(ArrayView<float> features, ArrayView<float> target, ArrayView<float> grad, int count, float k, bool accumulate);

    public abstract void GramFinish(ArrayView<float> partial, ArrayView<float> gram, int channels, int slices, float scale);

    public abstract void StyleGram(ArrayView<float> partial, ArrayView<float> target, ArrayView<double> squares, ArrayView<float> factor, int channels, int slices, float scale, float k);

    public abstract void AddNormalized(ArrayView<float> source, ArrayView<float> grad, int count, ArrayView<double> sums, int slot, float weightSquared, bool accumulate);

    /// <summary>sums[slot] = Σ (a − b)² (content loss).</summary>
    public abstract void SumSquaredDifference(ArrayView<float> a, ArrayView<float> b, int count, ArrayView<double> sums, int slot);

    /// <summary>sums[slot] = Σ v².</summary>
    public abstract void SumSquares(ArrayView<float> values, int count, ArrayView<double> sums, int slot);

    /// <summary>sums[slot] = Σ terms.</summary>
    public abstract void SumDoubles(ArrayView<double> terms, int count, ArrayView<double> sums, int slot);

    /// <summary>sums[slot] = the TV sum of a 3×H×W image (before its weight).</summary>
    public abstract void SumTotalVariation(ArrayView<float> image, int height, int width, float power, ArrayView<double> sums, int slot);

    public abstract void Synchronize();

    /// <summary>Makes the accelerator's context current on this thread (CUDA contexts are per thread; a worker's chunks may run on any).</summary>
    public abstract void Bind();

    public abstract void Dispose();

    public static int Slices(int pixels) => (pixels + GramSlice - 1) / GramSlice;
}
