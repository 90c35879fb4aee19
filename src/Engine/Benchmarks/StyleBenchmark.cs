using System.Diagnostics;
using Nst.Engine.Devices;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Profiling;
using Nst.Engine.Models;
using Nst.Engine.Session;

namespace Nst.Engine.Benchmarks;

/// <summary>
/// Times Gatys iterations on synthetic images with the random-feature VGG19 and the default content and
/// style layers: the same work as a real run at that size, without files or a downloaded model.
/// </summary>
public static class StyleBenchmark
{
    /// <summary>Times iterations with the objective on <paramref name="backend"/> (default: the CPU engine).</summary>
    public static BenchmarkResult Run(BenchmarkOptions options, IComputeBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int previousThreads = Parallelism.Threads;
        Parallelism.Threads = options.Threads;
        try
        {
            var weights = Vgg19Weights.Random(options.ModelSeed);
            backend ??= CpuBackend.Instance;

            // A device runs asynchronously and its per-layer times need a wait at every step, which would slow the
            // timed iterations: there the layers are profiled over as many iterations again, after the timing.
            bool profileApart = backend is not CpuBackend;
            var run = new StyleTransferOptions
            {
                Size = options.Size,
                // One iteration more than are run, so no timed step is a scale's last (which evaluates its image once more).
                Iterations = [options.Warmup + ((profileApart ? 2 : 1) * options.Iterations) + 1],
                Optimizer = options.Optimizer,
            };
            using var transfer = StyleTransfer.Create(run, weights.Convs, Synthetic(options.Size, 1), [Synthetic(options.Size, 2)], backend: backend);
            for (int i = 0; i < options.Warmup; i++) transfer.Step();

            var profiler = profileApart ? null : LayerProfiler.Start();
            var seconds = new double[options.Iterations];
            int evaluations;
            IReadOnlyList<LayerTiming> layers;
            try
            {
                evaluations = transfer.Evaluations;
                for (int i = 0; i < options.Iterations; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    transfer.Step();
                    seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                evaluations = transfer.Evaluations - evaluations;
                if (profiler is null)
                {
                    profiler = LayerProfiler.Start();
                    for (int i = 0; i < options.Iterations; i++) transfer.Step();
                }

                layers = profiler.Snapshot();
            }
            finally
            {
                profiler?.Dispose();
            }

            var sorted = seconds.Order().ToArray();
            double median = sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            using var process = Process.GetCurrentProcess();
            return new BenchmarkResult(
                options.Size,
                Parallelism.Threads,
                options.Optimizer == OptimizerKind.Adam ? "adam" : "lbfgs",
                KernelIsa.Current.ToString(),
                median,
                seconds,
                evaluations / (double)options.Iterations,
                process.PeakWorkingSet64,
                layers,
                backend.Description,
                backend.PeakDeviceBytes);
        }
        finally
        {
            Parallelism.Threads = previousThreads;
        }
    }

    /// <summary>A smooth colour pattern plus hashed noise: deterministic, with edges and texture at every scale.</summary>
    public static RgbImage Synthetic(int size, int seed)
    {
        var image = RgbImage.Create(size, size);
        for (int c = 0; c < 3; c++)
        {
            var plane = image.Channel(c);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    uint h = (uint)(x * 73856093) ^ (uint)(y * 19349663) ^ (uint)((c + 3 * seed) * 83492791);
                    h ^= h >> 13;
                    h *= 0x5bd1e995;
                    h ^= h >> 15;
                    double wave = 0.5 + 0.35 * Math.Sin((x * (c + 1) + y * seed) * 6.0 / size) * Math.Cos(y * 9.0 / size);
                    plane[y * size + x] = (float)Math.Clamp(wave + ((h & 0xFFFF) / 65535.0 - 0.5) * 0.3, 0, 1);
                }
            }
        }

        return image;
    }
}
