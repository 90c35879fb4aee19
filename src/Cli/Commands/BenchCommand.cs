using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nst.Engine.Benchmarks;
using Nst.Engine.Devices;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Commands;

/// <summary><c>nst bench</c>: seconds per Gatys iteration on this machine, with a per-layer breakdown.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Side of the square synthetic images.", DefaultValueFactory = _ => 512 };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int>("--iterations") { Description = "Timed iterations; the median is reported.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed iterations first.", DefaultValueFactory = _ => 1 };
        var optimizer = new Option<string>("--optimizer") { Description = "lbfgs|adam.", DefaultValueFactory = _ => "lbfgs" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var device = DeviceOption.Create();
        var cmd = new Command("bench", "Time style-transfer iterations (random-feature VGG19, synthetic images, default layers).")
        {
            size, threads, iterations, warmup, optimizer, json, device,
        };
        cmd.SetAction((p, ct) => CliRunner.RunAsync(() =>
        {
            var options = new BenchmarkOptions
            {
                Size = p.GetValue(size),
                Threads = p.GetValue(threads),
                Iterations = p.GetValue(iterations),
                Warmup = p.GetValue(warmup),
                Optimizer = OptionBinder.Apply(new StyleTransferOptions(), [new("optimizer", p.GetValue(optimizer)!)], OptionSurface.Cli).Optimizer,
            };
            using var backend = DeviceOption.Resolve(p.GetValue(device));
            var result = StyleBenchmark.Run(options, backend);
            Console.Write(p.GetValue(json) ? Json(result) + "\n" : Table(result));
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private static string Json(BenchmarkResult r)
    {
        int n = r.IterationSeconds.Count;
        var payload = new Dictionary<string, object>
        {
            ["impl"] = "nst",
            ["secondsPerIteration"] = r.SecondsPerIteration,
            ["peakWorkingSetBytes"] = r.PeakWorkingSetBytes,
            ["size"] = r.Size,
            ["threads"] = r.Threads,
            ["iterations"] = n,
            ["optimizer"] = r.Optimizer,
            ["isa"] = r.Isa,
            ["device"] = r.Device,
            ["peakDeviceBytes"] = r.PeakDeviceBytes,
            ["evaluationsPerIteration"] = r.EvaluationsPerIteration,
            ["gflopPerIteration"] = r.FlopsPerIteration / 1e9,
            ["iterationSeconds"] = r.IterationSeconds,
            ["layers"] = r.Layers.Select(l => new Dictionary<string, object>
            {
                ["name"] = l.Name,
                ["phase"] = l.Phase == LayerPhase.Forward ? "forward" : "backward",
                ["seconds"] = l.Seconds / n,
                ["gflops"] = l.GflopsPerSecond,
            }).ToArray(),
        };
        return JsonSerializer.Serialize(payload);
    }

    private static string Table(BenchmarkResult r)
    {
        int n = r.IterationSeconds.Count;
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Format(c, "nst bench: {0}x{0}, {1} thread(s), {2}, {3} path, {4} timed iteration(s)", r.Size, r.Threads, r.Optimizer, r.Isa, n),
            "device: " + r.Device,
            string.Format(c, "{0,-22} {1,10} {2,10} {3,10} {4,10}", "step", "fwd ms", "fwd GF/s", "bwd ms", "bwd GF/s"),
        };
        foreach (var name in r.Layers.Select(l => l.Name).Distinct())
        {
            var f = r.Layers.FirstOrDefault(l => l.Name == name && l.Phase == LayerPhase.Forward);
            var b = r.Layers.FirstOrDefault(l => l.Name == name && l.Phase == LayerPhase.Backward);
            lines.Add(string.Format(c, "{0,-22} {1,10} {2,10} {3,10} {4,10}", name, Ms(f, n), Rate(f), Ms(b, n), Rate(b)));
        }

        double layerSeconds = r.Layers.Sum(l => l.Seconds) / n;
        lines.Add(string.Format(c, "steps above: {0:F3} s per iteration (mean); {1:F1} GFLOP per iteration ({2:F0} GFLOP/s at the median time)",
            layerSeconds, r.FlopsPerIteration / 1e9, r.FlopsPerIteration / 1e9 / r.SecondsPerIteration));
        lines.Add(string.Format(c, "seconds per iteration (median): {0:F3}   evaluations per iteration: {1:F1}   peak working set: {2:F0} MB",
            r.SecondsPerIteration, r.EvaluationsPerIteration, r.PeakWorkingSetBytes / 1e6));
        if (r.PeakDeviceBytes > 0)
        {
            lines.Add(string.Format(c, "device memory (peak of the run's buffers): {0:F0} MB", r.PeakDeviceBytes / 1e6));
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Ms(LayerTiming? t, int n) => t is null ? "" : (t.Seconds / n * 1e3).ToString("F1", CultureInfo.InvariantCulture);

    private static string Rate(LayerTiming? t) => t is null || t.Flops == 0 ? "" : t.GflopsPerSecond.ToString("F0", CultureInfo.InvariantCulture);
}
