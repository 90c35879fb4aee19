using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>How a chunk's outcome is folded into the job's state.</summary>
public static class JobProgression
{
    public static JobState Started(JobState state, JobSpec spec, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        return state.Status != JobStatus.Queued ? state : state with
        {
            Status = JobStatus.Running,
            StartedAt = now,
            UpdatedAt = now,
            Timings = state.Timings with { QueuedSeconds = Math.Round(Math.Max(0, (now - spec.CreatedAt.UtcDateTime).TotalSeconds), 3) },
        };
    }

    public static JobState After(JobState state, ChunkOutcome outcome, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outcome);
        int done = Math.Max(1, outcome.Iteration - state.Progress.Iteration);
        JobTimings timings = state.Timings;
        return state with
        {
            UpdatedAt = now,
            Progress = state.Progress with
            {
                Chunk = state.Progress.Chunk + 1,
                Scale = outcome.Scale,
                Scales = outcome.Scales,
                Iteration = outcome.Iteration,
                Iterations = outcome.TotalIterations,
                Losses = outcome.Losses ?? state.Progress.Losses,
                Best = outcome.Best ?? state.Progress.Best,
                Final = outcome.Final ?? state.Progress.Final,
                History = JobProgress.Thin([.. state.Progress.History, .. outcome.History]),
                Checkpoint = outcome.Checkpoint,
                Preview = outcome.Preview ?? state.Progress.Preview,
            },
            Timings = timings with
            {
                RunSeconds = Math.Round(timings.RunSeconds + outcome.RunSeconds, 3),
                StepSeconds = Math.Round(timings.StepSeconds + outcome.StepSeconds, 3),
                // A chunk answered from its checkpoint (run before, reply lost) measured nothing: keep the last speed.
                SecondsPerIteration = outcome.SecondsPerIteration > 0 ? Math.Round(outcome.SecondsPerIteration, 5)
                    : outcome.StepSeconds > 0 ? Math.Round(outcome.StepSeconds / done, 5)
                    : timings.SecondsPerIteration,
                BytesWritten = timings.BytesWritten + outcome.BytesWritten,
                BytesRead = timings.BytesRead + outcome.BytesRead,
            },
        };
    }
}
