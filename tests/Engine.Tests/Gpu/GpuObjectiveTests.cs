using Nst.Engine.Devices;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Models;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;
using Nst.Engine.Tests.Parity;
using Xunit.Abstractions;

namespace Nst.Engine.Tests.Gpu;

/// <summary>A whole evaluation on the GPU backend (CPU accelerator) against the CPU engine: every loss and dL/dx within 1e-4 relative.</summary>
[Collection(GpuCollection.Name)]
public class GpuObjectiveTests(GpuFixture gpu, ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Evaluate_NarrowParityFixture_MatchesCpuEngineAndPyTorch()
    {
        using var r = ParityFixture.Open();
        using var content = ParityFixture.Read(r, "content");
        using var style = ParityFixture.Read(r, "style");
        using var x0 = ParityFixture.Read(r, "x0");
        var (losses, grad) = Compare(ParityFixture.Weights().Convs, ParityFixture.Spec(r), content, [(style, 1f)], x0.ToArray(), "narrow fixture");

        var torch = r.ReadSingles("losses");
        double[] ours = [losses.Content, losses.Style, losses.TotalVariation, losses.Total];
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(ours[i] - torch[i]) <= Tolerance * Math.Abs(torch[i]), $"loss {i}: {ours[i]} vs PyTorch {torch[i]}");
        double ge = ParityFixture.RelativeError(grad, r.ReadSingles("grad"));
        output.WriteLine($"gradient vs PyTorch: {ge:E2}");
        Assert.True(ge <= Tolerance, $"gradient vs PyTorch: {ge:E2}");
    }

    [Fact]
    public void Evaluate_FullWidthRandomModel_MatchesCpuEngine()
    {
        var convs = Vgg19Weights.Random(0).Convs;
        var spec = new ObjectiveSpec([Vgg19Layout.Resolve("relu4_2")], new[] { "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1" }.Select(Vgg19Layout.Resolve).ToArray(), [1f, 1f, 1f, 1f, 1f], 30f, 1e6f, 1e-5f, Preprocess.Torchvision, PoolingMode.Max);
        using var content = TestNetworks.Image(61, 32, 40);
        using var style = TestNetworks.Image(62, 32, 32);
        using var x = TestNetworks.Image(63, 32, 40);
        Compare(convs, spec, content, [(style, 1f)], x.ToArray(), "random:0 at 40x32");
    }

    public static TheoryData<string> Variants() => ["avg pooling", "caffe", "tv power", "normalized gradients", "pre-ReLU content and a shared layer", "two styles"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Evaluate_ObjectiveOptions_MatchCpuEngine(string variant)
    {
        var convs = TestNetworks.Narrow(71);
        var spec = new ObjectiveSpec([Vgg19Layout.Resolve("relu4_2")], new[] { "relu1_1", "relu2_1", "relu3_1", "relu4_1" }.Select(Vgg19Layout.Resolve).ToArray(), [1f, 0.5f, 2f, 1f], 3f, 1e3f, 0.05f, Preprocess.Torchvision, PoolingMode.Max);
        using var content = TestNetworks.Image(72, 21, 26);
        using var style = TestNetworks.Image(73, 24, 24);
        using var style2 = TestNetworks.Image(74, 18, 30);
        using var x = TestNetworks.Image(75, 21, 26);
        IReadOnlyList<(Tensor, float)> styles = [(style, 1f)];
        switch (variant)
        {
            case "avg pooling": spec = spec with { Pooling = PoolingMode.Avg }; break;
            case "caffe": spec = spec with { Preprocess = Preprocess.Caffe, ContentWeight = 1e-3f, StyleWeight = 1e-6f }; break;
            case "tv power": spec = spec with { TvPower = 1.25f }; break;
            case "normalized gradients": spec = spec with { NormalizeGradients = true }; break;
            case "pre-ReLU content and a shared layer": spec = spec with { ContentLayers = [Vgg19Layout.Resolve("conv3_1"), Vgg19Layout.Resolve("relu2_1")] }; break;
            default: styles = [(style, 0.7f), (style2, 0.3f)]; break;
        }

        Compare(convs, spec, content, styles, x.ToArray(), variant);
    }

    private (LossBreakdown Losses, float[] Gradient) Compare(IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor, float)> styles, float[] x, string what)
    {
        using var cpu = CpuBackend.Instance.CreateObjective(convs, spec, content, styles);
        using var device = gpu.Emulator.CreateObjective(convs, spec, content, styles);
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        float expectedTotal = cpu.Evaluate(x, expected);
        float actualTotal = device.Evaluate(x, actual);
        var e = cpu.Last;
        var a = device.Last;
        double[] errors =
        [
            Relative(a.Content, e.Content), Relative(a.Style, e.Style), Relative(a.TotalVariation, e.TotalVariation), Relative(actualTotal, expectedTotal),
            ParityFixture.RelativeError(actual, expected),
        ];
        output.WriteLine($"{what}: content {errors[0]:E2}, style {errors[1]:E2}, tv {errors[2]:E2}, total {errors[3]:E2}, gradient {errors[4]:E2}");
        Assert.All(errors, err => Assert.True(err <= Tolerance, $"{what}: relative errors {string.Join(", ", errors.Select(v => v.ToString("E2")))}"));
        return (a, actual);
    }

    private static double Relative(double actual, double expected) => expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
}
