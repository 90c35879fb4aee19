using Nst.Engine.Session;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chain;

/// <summary>How a chunk's result is folded into job.json's progress, history and timings.</summary>
public static class ChunkProgress
{
    public static JobRecord Apply(JobRecord job, int chunk, ChunkResult result, string? checkpoint, string preview)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(result);
        IterationReport? last = result.Reports.Count > 0 ? result.Reports[^1] : null;
        double runSeconds = job.Timings.RunSeconds + result.RunSeconds;
        return job with
        {
            Status = JobStatus.Running,
            Progress = job.Progress with
            {
                Chunk = chunk + 1,
                Scale = result.Scale,
                Scales = result.ScaleCount,
                Iteration = result.Iteration,
                Iterations = result.TotalIterations,
                Losses = last is null ? job.Progress.Losses : new JobLosses
                {
                    Content = last.Loss.Content,
                    Style = last.Loss.Style,
                    Tv = last.Loss.TotalVariation,
                    Total = last.Loss.Total,
                },
                History = Thin([.. job.Progress.History, .. result.Reports.Select(r => new JobHistoryPoint(r.Iteration, r.Loss.Total))]),
                Checkpoint = checkpoint,
                Preview = preview,
            },
            Attempts = new JobAttempts { Chunk = chunk + 1, Failures = 0 },
            Timings = job.Timings with
            {
                RunSeconds = Math.Round(runSeconds, 3),
                SecondsPerIteration = result.Iteration > 0 ? Math.Round(runSeconds / result.Iteration, 4) : 0,
            },
        };
    }

    /// <summary>Keeps at most <see cref="JobProgress.MaxHistory"/> points: every other one is dropped until it fits, the last always kept.</summary>
    public static IReadOnlyList<JobHistoryPoint> Thin(IReadOnlyList<JobHistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        IReadOnlyList<JobHistoryPoint> kept = points;
        while (kept.Count > JobProgress.MaxHistory)
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
