namespace Nst.Engine.Kernels.Profiling;

/// <summary>Accumulated time and arithmetic of one layer step over all calls since the profiler started.</summary>
/// <param name="Order">First-seen order, so a report lists layers as the network runs them.</param>
public sealed record LayerTiming(string Name, LayerPhase Phase, int Order, int Calls, double Seconds, double Flops)
{
    /// <summary>Achieved GFLOP/s (0 for steps without a FLOP count, such as pooling).</summary>
    public double GflopsPerSecond => Seconds > 0 ? Flops / Seconds / 1e9 : 0;
}
