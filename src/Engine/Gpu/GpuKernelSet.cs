using ILGPU;
using ILGPU.Runtime;
using Nst.Engine.Gpu.Kernels;
using Nst.Engine.Gpu.Kernels.Operands;
using Nst.Engine.Gpu.Kernels.Sources;

namespace Nst.Engine.Gpu;

/// <summary>
/// The kernels compiled for one accelerator and tile shape. Each is compiled on first use (PTX for CUDA), so a
/// run pays only for what it launches.
/// </summary>
internal sealed class GpuKernelSet<TTile> : GpuKernels
    where TTile : struct, ITileShape
{
    private readonly Accelerator _accelerator;
    private readonly DeviceSlot<double> _partials;
    private readonly Lazy<Action<KernelConfig, ConvWeightsOperand, Im2ColOperand, ConvOutput, GemmShape>> _conv;
    private readonly Lazy<Action<KernelConfig, RowsOperand, TransposedRowsOperand, GramPartialOutput, GemmShape>> _gram;
    private readonly Lazy<Action<KernelConfig, RowsOperand, ColumnsOperand, AccumulatingOutput, GemmShape>> _gramBackward;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int>> _relu;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int>> _reluBackward;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>> _maxPool;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>> _maxPoolBackward;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>> _avgPool;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>> _avgPoolBackward;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, PreprocessConstants>> _preprocess;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float>> _gradient;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float, float>> _gradientPower;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, int>> _contentGradient;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, float>> _gramFinish;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<float>, int, int, float, float>> _styleGram;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, ArrayView<double>, int, float, int>> _addNormalized;
    private readonly Lazy<Action<KernelConfig, SquaredDifferenceSource, int, int, ArrayView<double>, int>> _sumSquaredDifference;
    private readonly Lazy<Action<KernelConfig, SquaresSource, int, int, ArrayView<double>, int>> _sumSquares;
    private readonly Lazy<Action<KernelConfig, DoublesSource, int, int, ArrayView<double>, int>> _sumDoubles;
    private readonly Lazy<Action<KernelConfig, TotalVariationSource, int, int, ArrayView<double>, int>> _sumTotalVariation;

    public GpuKernelSet(Accelerator accelerator, DeviceMemory memory)
    {
        _accelerator = accelerator;
        _partials = new DeviceSlot<double>(memory);
        var a = accelerator;
        _conv = new(() => a.LoadStreamKernel<ConvWeightsOperand, Im2ColOperand, ConvOutput, GemmShape>(GemmKernel.Run<TTile, ConvWeightsOperand, Im2ColOperand, ConvOutput>));
        _gram = new(() => a.LoadStreamKernel<RowsOperand, TransposedRowsOperand, GramPartialOutput, GemmShape>(GemmKernel.Run<TTile, RowsOperand, TransposedRowsOperand, GramPartialOutput>));
        _gramBackward = new(() => a.LoadStreamKernel<RowsOperand, ColumnsOperand, AccumulatingOutput, GemmShape>(GemmKernel.Run<TTile, RowsOperand, ColumnsOperand, AccumulatingOutput>));
        _relu = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int>(ActivationKernels.Relu));
        _reluBackward = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int>(ActivationKernels.ReluBackward));
        _maxPool = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(PoolingKernels.MaxForward));
        _maxPoolBackward = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(PoolingKernels.MaxBackward));
        _avgPool = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(PoolingKernels.AvgForward));
        _avgPoolBackward = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(PoolingKernels.AvgBackward));
        _preprocess = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, PreprocessConstants>(ImageKernels.Preprocess));
        _gradient = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float>(ImageKernels.Gradient));
        _gradientPower = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float, float>(ImageKernels.GradientPower));
        _contentGradient = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, int>(LossKernels.ContentGradient));
        _gramFinish = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, float>(LossKernels.GramFinish));
        _styleGram = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<float>, int, int, float, float>(LossKernels.StyleGram));
        _addNormalized = new(() => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, ArrayView<double>, int, float, int>(LossKernels.AddNormalized));
        _sumSquaredDifference = new(() => a.LoadStreamKernel<SquaredDifferenceSource, int, int, ArrayView<double>, int>(ReduceKernel.Run<TTile, SquaredDifferenceSource>));
        _sumSquares = new(() => a.LoadStreamKernel<SquaresSource, int, int, ArrayView<double>, int>(ReduceKernel.Run<TTile, SquaresSource>));
        _sumDoubles = new(() => a.LoadStreamKernel<DoublesSource, int, int, ArrayView<double>, int>(ReduceKernel.Run<TTile, DoublesSource>));
        _sumTotalVariation = new(() => a.LoadStreamKernel<TotalVariationSource, int, int, ArrayView<double>, int>(ReduceKernel.Run<TTile, TotalVariationSource>));
    }

    private static int Threads => default(TTile).ThreadsX * default(TTile).ThreadsY;

    public override void Conv(DeviceMap input, ArrayView<float> weights, int outChannels, ArrayView<float> bias, bool relu, ArrayView<float> mask, ArrayView<float> output)
    {
        var shape = new GemmShape(outChannels, input.Plane, input.C * 9, input.C * 9);
        _conv.Value(Gemm(shape), new ConvWeightsOperand(weights, outChannels), new Im2ColOperand(input.View, input.H, input.W), new ConvOutput(output, bias, mask, input.Plane, relu), shape);
    }

    public override void GramPartial(DeviceMap features, ArrayView<float> partial)
    {
        var shape = new GemmShape(features.C, features.C, features.Plane, GramSlice);
        _gram.Value(Gemm(shape), new RowsOperand(features.View, features.Plane), new TransposedRowsOperand(features.View, features.Plane), new GramPartialOutput(partial, features.C), shape);
    }

    public override void GramBackward(ArrayView<float> factor, DeviceMap features, ArrayView<float> grad, bool accumulate)
    {
        var shape = new GemmShape(features.C, features.Plane, features.C, features.C);
        _gramBackward.Value(Gemm(shape), new RowsOperand(factor, features.C), new ColumnsOperand(features.View, features.Plane), new AccumulatingOutput(grad, features.Plane, accumulate), shape);
    }

    public override void Relu(ArrayView<float> x, ArrayView<float> y, int count) => _relu.Value(Elementwise(count), x, y, count);

    public override void ReluBackward(ArrayView<float> output, ArrayView<float> grad, int count) => _reluBackward.Value(Elementwise(count), output, grad, count);

    public override void MaxPool(DeviceMap input, ArrayView<float> output)
        => _maxPool.Value(Elementwise(input.C * (input.H / 2) * (input.W / 2)), input.View, output, input.C, input.H, input.W);

    public override void MaxPoolBackward(DeviceMap input, ArrayView<float> gradOutput, ArrayView<float> gradInput)
        => _maxPoolBackward.Value(Elementwise(input.Length), input.View, gradOutput, gradInput, input.C, input.H, input.W);

    public override void AvgPool(DeviceMap input, ArrayView<float> output)
        => _avgPool.Value(Elementwise(input.C * (input.H / 2) * (input.W / 2)), input.View, output, input.C, input.H, input.W);

    public override void AvgPoolBackward(DeviceMap input, ArrayView<float> gradOutput, ArrayView<float> gradInput)
        => _avgPoolBackward.Value(Elementwise(input.Length), gradOutput, gradInput, input.C, input.H, input.W);

    public override void Preprocess(ArrayView<float> x, ArrayView<float> xhat, int plane, PreprocessConstants constants)
        => _preprocess.Value(Elementwise(3 * plane), x, xhat, plane, constants);

    public override void ImageGradient(ArrayView<float> gradXhat, ArrayView<float> x, ArrayView<float> grad, int height, int width, PreprocessConstants constants, float tvWeight, float tvPower)
    {
        var config = Elementwise(3 * height * width);
        if (tvPower == 1f || tvWeight == 0f) _gradient.Value(config, gradXhat, x, grad, height, width, constants, tvWeight);
        else _gradientPower.Value(config, gradXhat, x, grad, height, width, constants, tvWeight, tvPower);
    }

    public override void ContentGradient(ArrayView<float> features, ArrayView<float> target, ArrayView<float> grad, int count, float k, bool accumulate)
        => _contentGradient.Value(Elementwise(count), features, target, grad, count, k, accumulate ? 1 : 0);

    public override void GramFinish(ArrayView<float> partial, ArrayView<float> gram, int channels, int slices, float scale)
        => _gramFinish.Value(Elementwise(channels * channels), partial, gram, channels, slices, scale);

    public override void StyleGram(ArrayView<float> partial, ArrayView<float> target, ArrayView<double> squares, ArrayView<float> factor, int channels, int slices, float scale, float k)
        => _styleGram.Value(Elementwise(channels * channels), partial, target, squares, factor, channels, slices, scale, k);

    public override void AddNormalized(ArrayView<float> source, ArrayView<float> grad, int count, ArrayView<double> sums, int slot, float weightSquared, bool accumulate)
        => _addNormalized.Value(Elementwise(count), source, grad, count, sums, slot, weightSquared, accumulate ? 1 : 0);

    public override void SumSquaredDifference(ArrayView<float> a, ArrayView<float> b, int count, ArrayView<double> sums, int slot)
        => Sum(_sumSquaredDifference.Value, new SquaredDifferenceSource(a, b), count, sums, slot);

    public override void SumSquares(ArrayView<float> values, int count, ArrayView<double> sums, int slot)
        => Sum(_sumSquares.Value, new SquaresSource(values), count, sums, slot);

    public override void SumDoubles(ArrayView<double> terms, int count, ArrayView<double> sums, int slot)
        => Sum(_sumDoubles.Value, new DoublesSource(terms), count, sums, slot);

    public override void SumTotalVariation(ArrayView<float> image, int height, int width, float power, ArrayView<double> sums, int slot)
        => Sum(_sumTotalVariation.Value, new TotalVariationSource(image, height, width, power), 3 * height * width, sums, slot);

    public override void Synchronize() => _accelerator.Synchronize();

    public override void Bind() => _accelerator.Bind();

    public override void Dispose() => _partials.Dispose();

    /// <summary>One pass when the terms fit one segment; else one partial per segment, then their sum (same kernel, one group).</summary>
    private void Sum<TSource>(Action<KernelConfig, TSource, int, int, ArrayView<double>, int> kernel, TSource source, int count, ArrayView<double> sums, int slot)
        where TSource : struct, IReduceSource
    {
        int segments = (count + ReduceSegment - 1) / ReduceSegment;
        if (segments <= 1)
        {
            kernel(new KernelConfig(1, Threads), source, count, ReduceSegment, sums, slot);
            return;
        }

        var partials = _partials.Get(segments);
        kernel(new KernelConfig(segments, Threads), source, count, ReduceSegment, partials, 0);
        _sumDoubles.Value(new KernelConfig(1, Threads), new DoublesSource(partials), segments, segments, sums, slot);
    }

    private static KernelConfig Gemm(GemmShape shape)
    {
        int bn = 4 * default(TTile).ThreadsX, bm = 4 * default(TTile).ThreadsY;
        int slices = (shape.K + shape.KSlice - 1) / shape.KSlice;
        return new KernelConfig(new Index3D((shape.N + bn - 1) / bn, (shape.M + bm - 1) / bm, slices), new Index3D(Threads, 1, 1));
    }

    private static KernelConfig Elementwise(int count)
    {
        int groups = Math.Clamp((count + Threads - 1) / Threads, 1, default(TTile).MaxGroups);
        return new KernelConfig(groups, Threads);
    }
}
