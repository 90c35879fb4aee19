using Nst.Engine.Kernels.Profiling;

namespace Nst.Engine.Benchmarks;

/// <summary>What one benchmark run measured.</summary>
/// <param name="SecondsPerIteration">Median wall time of one iteration.</param>
/// <param name="IterationSeconds">Every timed iteration, in order.</param>
/// <param name="EvaluationsPerIteration">Objective evaluations (forward + backward) per iteration.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory so far.</param>
/// <param name="Layers">Per-step totals over the timed iterations (divide by iterations for one).</param>
/// <param name="Device">The backend's description (<see cref="Devices.IComputeBackend.Description"/>).</param>
/// <param name="PeakDeviceBytes">Most device memory the backend's buffers held (0 on the CPU).</param>
public sealed record BenchmarkResult(
    int Size,
    int Threads,
    string Optimizer,
    string Isa,
    double SecondsPerIteration,
    IReadOnlyList<double> IterationSeconds,
    double EvaluationsPerIteration,
    long PeakWorkingSetBytes,
    IReadOnlyList<LayerTiming> Layers,
    string Device = "cpu",
    long PeakDeviceBytes = 0)
{
    /// <summary>Arithmetic of one iteration's convolutions and Grams (per evaluation × evaluations).</summary>
    public double FlopsPerIteration => Layers.Sum(l => l.Flops) / IterationSeconds.Count;
}
