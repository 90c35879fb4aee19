namespace Nst.Functions.Jobs;

/// <summary>Time spent waiting for the first chunk and running chunks, summed over chunks.</summary>
public sealed record JobTimings
{
    public double QueuedSeconds { get; init; }

    public double RunSeconds { get; init; }

    public double SecondsPerIteration { get; init; }
}
