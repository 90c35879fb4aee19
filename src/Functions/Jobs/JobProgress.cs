namespace Nst.Functions.Jobs;

/// <summary>
/// Committed progress. <see cref="Chunk"/> is the number of chunks committed so far, which is also the number of the
/// next chunk to run; a chunk message with a smaller number is already done.
/// </summary>
public sealed record JobProgress
{
    /// <summary>Most points kept in <see cref="History"/>; older ones are thinned.</summary>
    public const int MaxHistory = 200;

    public int Chunk { get; init; }

    /// <summary>Current scale, 0-based.</summary>
    public int Scale { get; init; }

    public int Scales { get; init; } = 1;

    /// <summary>Iterations done over all scales.</summary>
    public int Iteration { get; init; }

    /// <summary>Iterations the schedule asks for, over all scales.</summary>
    public int Iterations { get; init; }

    public JobLosses? Losses { get; init; }

    public IReadOnlyList<JobHistoryPoint> History { get; init; } = [];

    /// <summary>The latest committed checkpoint, "jobs/{id}/checkpoints/00003.safetensors", or null before the first.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>"jobs/{id}/preview.jpg" once a chunk has committed.</summary>
    public string? Preview { get; init; }
}
