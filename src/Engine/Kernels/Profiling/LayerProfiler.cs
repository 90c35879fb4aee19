using System.Diagnostics;

namespace Nst.Engine.Kernels.Profiling;

/// <summary>
/// Opt-in per-layer timing for benchmarks. While a profiler is active (one per process), the network and the
/// Gram kernels record each step's wall time; when none is active the hooks cost one null check.
/// Steps are recorded from the thread that drives the network, never from kernel workers.
/// </summary>
public sealed class LayerProfiler : IDisposable
{
    private static LayerProfiler? s_active;

    private readonly Dictionary<(string, LayerPhase), LayerTiming> _timings = [];
    private readonly Lock _lock = new();

    private LayerProfiler()
    {
    }

    /// <summary>Starts recording; dispose to stop. Only one profiler may run at a time.</summary>
    public static LayerProfiler Start()
    {
        var profiler = new LayerProfiler();
        if (Interlocked.CompareExchange(ref s_active, profiler, null) != null)
        {
            throw new InvalidOperationException("A layer profiler is already running in this process.");
        }

        return profiler;
    }

    /// <summary>A timestamp to pass to <see cref="End"/>, or 0 when nothing is recording.</summary>
    internal static long Begin() => s_active is null ? 0 : Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="start"/> to a step. Callers skip the call (and building the name) when start is 0.</summary>
    internal static void End(long start, string name, LayerPhase phase, double flops)
    {
        var profiler = s_active;
        if (start == 0 || profiler is null) return;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        lock (profiler._lock)
        {
            var key = (name, phase);
            profiler._timings[key] = profiler._timings.TryGetValue(key, out var t)
                ? t with { Calls = t.Calls + 1, Seconds = t.Seconds + seconds, Flops = t.Flops + flops }
                : new LayerTiming(name, phase, profiler._timings.Count, 1, seconds, flops);
        }
    }

    /// <summary>Forgets what was recorded so far (e.g. after warm-up).</summary>
    public void Reset()
    {
        lock (_lock) _timings.Clear();
    }

    /// <summary>Everything recorded, in first-seen order.</summary>
    public IReadOnlyList<LayerTiming> Snapshot()
    {
        lock (_lock) return _timings.Values.OrderBy(t => t.Order).ToArray();
    }

    public void Dispose() => Interlocked.CompareExchange(ref s_active, null, this);
}
