using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Nst.Engine.Gpu.Kernels;
using Nst.Engine.Gpu.Kernels.Operands;
using Nst.Engine.Gpu.Kernels.Sources;
using Xunit.Abstractions;

namespace Nst.Engine.Tests.Gpu;

/// <summary>
/// Every kernel compiles to PTX for an H100/H200 (sm_90) with the CUDA tile, with no GPU needed: what ILGPU does
/// on a GPU machine before the driver sees the code. Nothing may spill to local memory — except the double-precision
/// pow of the TV term's power option, which ILGPU.Algorithms implements in software — and the GEMMs' shared memory
/// must be the two 16×64 stages.
/// </summary>
[Collection(GpuCollection.Name)]
public class PtxCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kernels() => [.. s_kernels.Keys];

    private static readonly Dictionary<string, Delegate> s_kernels = new()
    {
        ["conv"] = (Action<ConvWeightsOperand, Im2ColOperand, ConvOutput, GemmShape>)GemmKernel.Run<CudaTile, ConvWeightsOperand, Im2ColOperand, ConvOutput>,
        ["gram"] = (Action<RowsOperand, TransposedRowsOperand, GramPartialOutput, GemmShape>)GemmKernel.Run<CudaTile, RowsOperand, TransposedRowsOperand, GramPartialOutput>,
        ["gram backward"] = (Action<RowsOperand, ColumnsOperand, AccumulatingOutput, GemmShape>)GemmKernel.Run<CudaTile, RowsOperand, ColumnsOperand, AccumulatingOutput>,
        ["relu"] = (Action<ArrayView<float>, ArrayView<float>, int>)ActivationKernels.Relu,
        ["relu backward"] = (Action<ArrayView<float>, ArrayView<float>, int>)ActivationKernels.ReluBackward,
        ["max pool"] = (Action<ArrayView<float>, ArrayView<float>, int, int, int>)PoolingKernels.MaxForward,
        ["max pool backward"] = (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>)PoolingKernels.MaxBackward,
        ["avg pool"] = (Action<ArrayView<float>, ArrayView<float>, int, int, int>)PoolingKernels.AvgForward,
        ["avg pool backward"] = (Action<ArrayView<float>, ArrayView<float>, int, int, int>)PoolingKernels.AvgBackward,
        ["preprocess"] = (Action<ArrayView<float>, ArrayView<float>, int, PreprocessConstants>)ImageKernels.Preprocess,
        ["image gradient"] = (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float>)ImageKernels.Gradient,
        ["image gradient, TV power"] = (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PreprocessConstants, float, float>)ImageKernels.GradientPower,
        ["content gradient"] = (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, int>)LossKernels.ContentGradient,
        ["gram finish"] = (Action<ArrayView<float>, ArrayView<float>, int, int, float>)LossKernels.GramFinish,
        ["style gram"] = (Action<ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<float>, int, int, float, float>)LossKernels.StyleGram,
        ["add normalized"] = (Action<ArrayView<float>, ArrayView<float>, int, ArrayView<double>, int, float, int>)LossKernels.AddNormalized,
        ["sum (a − b)²"] = (Action<SquaredDifferenceSource, int, int, ArrayView<double>, int>)ReduceKernel.Run<CudaTile, SquaredDifferenceSource>,
        ["sum v²"] = (Action<SquaresSource, int, int, ArrayView<double>, int>)ReduceKernel.Run<CudaTile, SquaresSource>,
        ["sum doubles"] = (Action<DoublesSource, int, int, ArrayView<double>, int>)ReduceKernel.Run<CudaTile, DoublesSource>,
        ["sum TV"] = (Action<TotalVariationSource, int, int, ArrayView<double>, int>)ReduceKernel.Run<CudaTile, TotalVariationSource>,
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtxForSm90(string name)
    {
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(s_kernels[name].Method);
        var ptx = ((PTXCompiledKernel)backend.Compile(entry, default)).PTXAssembly;

        if (Environment.GetEnvironmentVariable("NST_PTX_OUT") is { Length: > 0 } dir) File.WriteAllText(Path.Combine(dir, name.Replace(' ', '_') + ".ptx"), ptx);
        Assert.Contains(".entry", ptx);
        if (!name.Contains("TV", StringComparison.Ordinal)) Assert.DoesNotContain(".local", ptx);
        if (name is "conv" or "gram" or "gram backward")
        {
            var shared = Regex.Matches(ptx, @"\.shared[^\[]*\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            output.WriteLine($"{name}: shared arrays {string.Join(", ", shared)} bytes; {Regex.Count(ptx, @"\bfma\.rn\.f32")} fma, {Regex.Count(ptx, @"\bmul(\.rn)?\.f32")} mul.f32, {ptx.Length} chars");
            Assert.Equal(2 * 16 * 64 * 4, shared.Sum());
        }
    }
}
