namespace Nst.Functions.Jobs;

/// <summary>Where a job's optimisation stands after its last recorded chunk.</summary>
public sealed record JobProgress
{
    /// <summary>Most points kept in <see cref="History"/>; older ones are thinned.</summary>
    public const int MaxHistory = 120;

    /// <summary>Chunks recorded so far.</summary>
    public int Chunk { get; init; }

    /// <summary>Current scale, 0-based.</summary>
    public int Scale { get; init; }

    public int Scales { get; init; } = 1;

    /// <summary>Iterations done over all scales.</summary>
    public int Iteration { get; init; }

    /// <summary>Iterations the schedule asks for, over all scales (0 until the first chunk has run).</summary>
    public int Iterations { get; init; }

    /// <summary>The loss terms at the latest iteration.</summary>
    public JobLosses? Losses { get; init; }

    /// <summary>The lowest loss seen (at the current scale) and the iteration after which that image was current.</summary>
    public JobHistoryPoint? Best { get; init; }

    /// <summary>The loss of the final image, once the run is complete.</summary>
    public JobHistoryPoint? Final { get; init; }

    /// <summary>The loss curve: (iteration, total), thinned to at most <see cref="MaxHistory"/> points.</summary>
    public IReadOnlyList<JobHistoryPoint> History { get; init; } = [];

    /// <summary>The latest checkpoint, "jobs/{id}/state/0000040.safetensors", or null before the first.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>"jobs/{id}/preview.jpg" once a chunk has run.</summary>
    public string? Preview { get; init; }

    /// <summary>Keeps at most <see cref="MaxHistory"/> points: every other one is dropped until it fits, the last always kept.</summary>
    public static IReadOnlyList<JobHistoryPoint> Thin(IReadOnlyList<JobHistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        IReadOnlyList<JobHistoryPoint> kept = points;
        while (kept.Count > MaxHistory)
        {
            var last = kept[^1];
            var halved = kept.Where((_, i) => i % 2 == 0).ToList();
            if (halved[^1] != last)
            {
                halved.Add(last);
            }

            kept = halved;
        }

        return kept;
    }
}
