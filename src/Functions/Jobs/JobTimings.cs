namespace Nst.Functions.Jobs;

/// <summary>Where a job's time went, summed over its chunks.</summary>
public sealed record JobTimings
{
    /// <summary>From creation to the first chunk's start.</summary>
    public double QueuedSeconds { get; init; }

    /// <summary>Wall time of the chunk activities (loading, stepping, saving).</summary>
    public double RunSeconds { get; init; }

    /// <summary>Time spent in optimisation steps alone.</summary>
    public double StepSeconds { get; init; }

    /// <summary>Seconds per iteration measured over the last chunk's steps: what the next chunk is sized by.</summary>
    public double SecondsPerIteration { get; init; }

    /// <summary>Bytes of checkpoint written and read, over all chunks.</summary>
    public long BytesWritten { get; init; }

    public long BytesRead { get; init; }
}
