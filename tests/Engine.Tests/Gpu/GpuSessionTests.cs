using Nst.Engine.Benchmarks;
using Nst.Engine.Checkpoints;
using Nst.Engine.Devices;
using Nst.Engine.Imaging;
using Nst.Engine.Optim;
using Nst.Engine.Session;
using Nst.Engine.Tests.Parity;
using Xunit.Abstractions;

namespace Nst.Engine.Tests.Gpu;

/// <summary>
/// Runs on the GPU backend (CPU accelerator): the PyTorch trajectories within the CPU engine's tolerances,
/// resume bit-identical on one accelerator, and checkpoints moving between the CPU and the GPU backend.
/// </summary>
[Collection(GpuCollection.Name)]
public class GpuSessionTests(GpuFixture gpu, ITestOutputHelper output)
{
    // The CPU engine's bounds (PyTorchParityTests): Adam losses and image within 1e-3; L-BFGS within 1e-4.
    [Theory]
    [InlineData("adam", 1e-3, 1e-3, 1e-3)]
    [InlineData("lbfgs", 1e-4, 1e-4, 1e-4)]
    public void Optimize_TenIterations_TrajectoryMatchesPyTorch(string optimizer, double lossTolerance, double imageMaxTolerance, double imageRmsTolerance)
    {
        using var r = ParityFixture.Open();
        using var content = ParityFixture.Read(r, "content");
        using var style = ParityFixture.Read(r, "style");
        using var objective = gpu.Emulator.CreateObjective(ParityFixture.Weights().Convs, ParityFixture.Spec(r), content, [(style, 1f)]);
        var x = r.ReadSingles("x0");
        var opt = new FixtureStepper(optimizer, x.Length);
        var expected = r.ReadSingles($"{optimizer}.losses");
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float loss = opt.Step(x, objective.Evaluate);
            double e = Math.Abs(loss - expected[i]) / Math.Abs(expected[i]);
            worst = Math.Max(worst, e);
            Assert.True(e <= lossTolerance, $"{optimizer} iteration {i + 1}: loss {loss} vs PyTorch {expected[i]}");
        }

        var (maxAbs, rms) = Difference(x, r.ReadSingles($"{optimizer}.x"));
        output.WriteLine($"{optimizer}: worst loss relative error {worst:E2}, final image max abs diff {maxAbs:E2}, RMS {rms:E2}");
        Assert.True(maxAbs <= imageMaxTolerance && rms <= imageRmsTolerance, $"{optimizer}: final image differs by up to {maxAbs} (RMS {rms})");
    }

    [Theory]
    [InlineData(OptimizerKind.Lbfgs)]
    [InlineData(OptimizerKind.Adam)]
    public void Resume_FiveThenFive_BitIdenticalToTenOnTheSameAccelerator(OptimizerKind optimizer)
    {
        var options = Options(optimizer);
        using var unbroken = Create(options, gpu.Emulator);
        unbroken.Run(10);

        Checkpoint middle;
        using (var first = Create(options, gpu.Emulator))
        {
            first.Run(5);
            middle = RoundTrip(first.Export());
        }

        using var second = Create(options, gpu.Emulator);
        second.Resume(middle);
        second.Run(100);
        Assert.Equal(10, second.Iteration);
        Assert.True(unbroken.Image.SequenceEqual(second.Image), "the resumed image differs from the unbroken run's");
        Assert.Equal(unbroken.LastLoss, second.LastLoss);
    }

    /// <summary>CPU 4 iterations, then the GPU backend 4, then the CPU 4: the run continues across devices and ends near an all-CPU run.</summary>
    [Fact]
    public void Resume_CpuCheckpointOnGpuAndBack_ContinuesTheRun()
    {
        var options = Options(OptimizerKind.Lbfgs) with { Iterations = [12] };
        using var cpuOnly = Create(options, CpuBackend.Instance);
        cpuOnly.Run(12);

        Checkpoint afterCpu, afterGpu;
        using (var cpu = Create(options, CpuBackend.Instance))
        {
            cpu.Run(4);
            afterCpu = RoundTrip(cpu.Export());
        }

        using (var onGpu = Create(options, gpu.Emulator))
        {
            onGpu.Resume(afterCpu);
            Assert.Equal(4, onGpu.Run(4));
            afterGpu = RoundTrip(onGpu.Export());
        }

        using var back = Create(options, CpuBackend.Instance);
        back.Resume(afterGpu);
        back.Run(100);
        Assert.Equal(12, back.Iteration);
        Assert.True(back.IsComplete);
        double lossError = Math.Abs(back.LastLoss!.Value.Total - cpuOnly.LastLoss!.Value.Total) / cpuOnly.LastLoss.Value.Total;
        var (maxAbs, rms) = Difference(back.Image.ToArray(), cpuOnly.Image.ToArray());
        output.WriteLine($"CPU→GPU→CPU vs CPU only after 12 L-BFGS iterations: loss {lossError:E2}, image max {maxAbs:E2}, RMS {rms:E2}");
        Assert.True(lossError <= 1e-2 && rms <= 1e-2, $"loss differs by {lossError:E2}, image RMS {rms:E2}");
    }

    private static StyleTransferOptions Options(OptimizerKind optimizer) => new()
    {
        Size = 32,
        Iterations = [10],
        Optimizer = optimizer,
        StyleWeight = 1e3f,
        TvWeight = 1e-2f,
    };

    private static StyleTransfer Create(StyleTransferOptions options, IComputeBackend backend) =>
        StyleTransfer.Create(options, TestNetworks.Narrow(3), Image(1, 40, 30), [Image(2, 28, 28)], backend: backend);

    private static RgbImage Image(int seed, int w, int h)
    {
        using var t = TestNetworks.Image(seed, h, w);
        return new RgbImage(w, h, t.ToArray());
    }

    private static Checkpoint RoundTrip(Checkpoint checkpoint)
    {
        using var ms = new MemoryStream();
        checkpoint.WriteTo(ms);
        ms.Position = 0;
        return Checkpoint.Read(ms);
    }

    private static (double MaxAbs, double Rms) Difference(float[] a, float[] b)
    {
        double maxAbs = 0, sumSq = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(d));
            sumSq += d * d;
        }

        return (maxAbs, Math.Sqrt(sumSq / a.Length));
    }
}
