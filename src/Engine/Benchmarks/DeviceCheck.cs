using System.Globalization;
using Nst.Engine.Checkpoints;
using Nst.Engine.Devices;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Models;
using Nst.Engine.Models.Safetensors;
using Nst.Engine.Nn;
using Nst.Engine.Optim;
using Nst.Engine.Session;
using Nst.Engine.Tensors;

namespace Nst.Engine.Benchmarks;

/// <summary>
/// Checks a device backend against the CPU engine and PyTorch's fixtures, with the bounds the test suite uses:
/// one evaluation within 1e-4 relative of the CPU engine and of PyTorch; 10 Adam iterations within 1e-3 of
/// PyTorch's losses and image, 10 L-BFGS within 1e-2 (losses, image RMS); 10 iterations equal to 5 + resume 5
/// to the bit. The one-shot GPU check (<c>nst device-check</c>, scripts/gpu-check.sh) runs it on CUDA.
/// </summary>
public static class DeviceCheck
{
    private const double EvaluationBound = 1e-4;

    public static DeviceCheckResult Run(IComputeBackend device, DeviceCheckOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        log ??= _ => { };
        var failures = new List<string>();
        double? fixtureCpu = null, fixtureTorch = null, adam = null, adamImage = null, lbfgs = null, lbfgsRms = null, random = null;
        bool? resume = null;

        if (options.FixtureDirectory is { } dir)
        {
            using var r = SafetensorsReader.Open(Path.Combine(dir, "parity.safetensors"));
            var convs = Vgg19Weights.Load(Path.Combine(dir, "narrow_vgg19.pth")).Convs;
            var spec = FixtureSpec(r);
            using var content = Read(r, "content");
            using var style = Read(r, "style");
            var x0 = r.ReadSingles("x0");
            (fixtureCpu, var losses, var grad) = AgainstCpu(device, convs, spec, content, style, x0);
            var torch = r.ReadSingles("losses");
            fixtureTorch = Math.Max(
                new[] { losses.Content, losses.Style, losses.TotalVariation, losses.Total }.Select((v, i) => Relative(v, torch[i])).Max(),
                RelativeError(grad, r.ReadSingles("grad")));
            Bound(failures, "narrow fixture vs CPU engine", fixtureCpu.Value, EvaluationBound);
            Bound(failures, "narrow fixture vs PyTorch", fixtureTorch.Value, EvaluationBound);
            log($"narrow fixture: vs CPU {fixtureCpu:E2}, vs PyTorch {fixtureTorch:E2}");

            (adam, adamImage, _) = Trajectory(device, convs, spec, content, style, r, "adam");
            Bound(failures, "10 Adam iterations vs PyTorch (losses)", adam.Value, 1e-3);
            Bound(failures, "10 Adam iterations vs PyTorch (image)", adamImage.Value, 1e-3);
            (lbfgs, _, lbfgsRms) = Trajectory(device, convs, spec, content, style, r, "lbfgs");
            Bound(failures, "10 L-BFGS iterations vs PyTorch (losses)", lbfgs.Value, 1e-2);
            Bound(failures, "10 L-BFGS iterations vs PyTorch (image RMS)", lbfgsRms.Value, 1e-2);
            log($"10 iterations vs PyTorch: Adam losses {adam:E2} image {adamImage:E2}; L-BFGS losses {lbfgs:E2} image RMS {lbfgsRms:E2}");
        }

        if (options.RandomSize > 0)
        {
            int s = options.RandomSize;
            var spec = DefaultSpec();
            using var content = ImageTensor.ToTensor(StyleBenchmark.Synthetic(s, 1));
            using var style = ImageTensor.ToTensor(StyleBenchmark.Synthetic(s, 2));
            var x = ImageTensor.ToTensor(StyleBenchmark.Synthetic(s, 3)).ToArray();
            (random, _, _) = AgainstCpu(device, Vgg19Weights.Random(0).Convs, spec, content, style, x);
            Bound(failures, $"random:0 at {s}x{s} vs CPU engine", random.Value, EvaluationBound);
            log($"random:0 at {s}x{s}: vs CPU {random:E2}");
        }

        if (options.ResumeSize > 0)
        {
            var convs = options.ResumeOnRandomModel ? Vgg19Weights.Random(0).Convs : Vgg19Weights.Load(Path.Combine(options.FixtureDirectory!, "narrow_vgg19.pth")).Convs;
            resume = ResumeIsBitIdentical(device, convs, options.ResumeSize);
            if (!resume.Value) failures.Add("10 iterations and 5 + resume 5 differ on the device");
            log($"5 + resume 5 = 10 on the device ({(options.ResumeOnRandomModel ? "random:0" : "narrow model")}, {options.ResumeSize}x{options.ResumeSize}): {(resume.Value ? "bit-identical" : "DIFFERENT")}");
        }

        return new DeviceCheckResult(device.Description, fixtureCpu, fixtureTorch, adam, adamImage, lbfgs, lbfgsRms, random, resume, failures);
    }

    private static (double Worst, LossBreakdown Losses, float[] Gradient) AgainstCpu(IComputeBackend device, IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, Tensor style, float[] x)
    {
        using var cpu = CpuBackend.Instance.CreateObjective(convs, spec, content, [(style, 1f)]);
        using var dev = device.CreateObjective(convs, spec, content, [(style, 1f)]);
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        cpu.Evaluate(x, expected);
        dev.Evaluate(x, actual);
        var (e, a) = (cpu.Last, dev.Last);
        double worst = new[]
        {
            Relative(a.Content, e.Content), Relative(a.Style, e.Style), Relative(a.TotalVariation, e.TotalVariation), Relative(a.Total, e.Total),
            RelativeError(actual, expected),
        }.Max();
        return (worst, a, actual);
    }

    private static (double Losses, double ImageMax, double ImageRms) Trajectory(IComputeBackend device, IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, Tensor style, SafetensorsReader r, string optimizer)
    {
        using var objective = device.CreateObjective(convs, spec, content, [(style, 1f)]);
        var x = r.ReadSingles("x0");
        var opt = new FixtureStepper(optimizer, x.Length);
        var expected = r.ReadSingles($"{optimizer}.losses");
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float loss = opt.Step(x, objective.Evaluate);
            worst = Math.Max(worst, Relative(loss, expected[i]));
        }

        var finalX = r.ReadSingles($"{optimizer}.x");
        double maxAbs = 0, sumSq = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - finalX[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(d));
            sumSq += d * d;
        }

        return (worst, maxAbs, Math.Sqrt(sumSq / x.Length));
    }

    private static bool ResumeIsBitIdentical(IComputeBackend device, IReadOnlyList<ConvWeights> convs, int size)
    {
        var options = new StyleTransferOptions { Size = size, Iterations = [10] };
        var content = StyleBenchmark.Synthetic(size, 1);
        var style = StyleBenchmark.Synthetic(size, 2);
        using var unbroken = StyleTransfer.Create(options, convs, content, [style], backend: device);
        unbroken.Run(10);
        Checkpoint middle;
        using (var first = StyleTransfer.Create(options, convs, content, [style], backend: device))
        {
            first.Run(5);
            using var ms = new MemoryStream();
            first.Export().WriteTo(ms);
            ms.Position = 0;
            middle = Checkpoint.Read(ms);
        }

        using var second = StyleTransfer.Create(options, convs, content, [style], backend: device);
        second.Resume(middle);
        second.Run(10);
        return second.Iteration == 10 && unbroken.Image.SequenceEqual(second.Image) && unbroken.LastLoss == second.LastLoss;
    }

    private static ObjectiveSpec DefaultSpec()
    {
        var defaults = new StyleTransferOptions();
        return new ObjectiveSpec(
            defaults.ContentLayers.Select(Vgg19Layout.Resolve).ToArray(),
            defaults.StyleLayers.Select(Vgg19Layout.Resolve).ToArray(),
            defaults.StyleLayers.Select(_ => 1f).ToArray(),
            defaults.ResolvedContentWeight(Preprocess.Torchvision),
            defaults.ResolvedStyleWeight(Preprocess.Torchvision),
            defaults.ResolvedTvWeight(Preprocess.Torchvision),
            Preprocess.Torchvision,
            PoolingMode.Max);
    }

    /// <summary>The objective's settings that make_parity_fixtures.py writes into the fixture's metadata.</summary>
    private static ObjectiveSpec FixtureSpec(SafetensorsReader r) => new(
        Ints(r.Metadata["content_layers"]),
        Ints(r.Metadata["style_layers"]),
        r.Metadata["style_layer_weights"].Split(',').Select(Float).ToArray(),
        Float(r.Metadata["content_weight"]),
        Float(r.Metadata["style_weight"]),
        Float(r.Metadata["tv_weight"]),
        Preprocess.Torchvision,
        PoolingMode.Max);

    private static Tensor Read(SafetensorsReader r, string name)
    {
        var shape = r.GetEntry(name).Shape;
        return Tensor.FromArray(r.ReadSingles(name), (int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3]);
    }

    private static void Bound(List<string> failures, string what, double value, double bound)
    {
        if (!(value <= bound)) failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {value:E2} > {bound:E0}"));
    }

    private static double Relative(double actual, double expected) => expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);

    /// <summary>max |a − b| / max |b|.</summary>
    private static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    private static int[] Ints(string s) => s.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static float Float(string s) => float.Parse(s, CultureInfo.InvariantCulture);
}
