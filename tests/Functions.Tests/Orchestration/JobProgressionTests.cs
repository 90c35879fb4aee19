using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

public sealed class JobProgressionTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly JobSpec Spec = new() { Id = "j", CreatedAt = new DateTimeOffset(Now.AddSeconds(-12.5)) };

    private static ChunkOutcome Outcome(int from, int to, double stepSeconds = 2) => new()
    {
        Checkpoint = $"jobs/j/state/{to:D7}.safetensors",
        Iteration = to,
        TotalIterations = 300,
        Scale = 1,
        Scales = 2,
        Losses = new JobLosses { Total = 1.0 / to },
        History = [.. Enumerable.Range(from + 1, to - from).Select(i => new JobHistoryPoint(i, 1.0 / i))],
        Preview = "jobs/j/preview.jpg",
        StepSeconds = stepSeconds,
        RunSeconds = stepSeconds + 1,
        BytesWritten = 100,
        BytesRead = 40,
    };

    [Fact]
    public void Started_Queued_RunningWithQueuedTimeFromCreation()
    {
        JobState started = JobProgression.Started(new JobState(), Spec, Now);

        Assert.Equal(JobStatus.Running, started.Status);
        Assert.Equal(Now, started.StartedAt);
        Assert.Equal(12.5, started.Timings.QueuedSeconds);
    }

    [Fact]
    public void Started_AlreadyRunning_Unchanged()
    {
        JobState running = JobProgression.Started(new JobState(), Spec, Now);

        Assert.Same(running, JobProgression.Started(running, Spec, Now.AddMinutes(5)));
    }

    [Fact]
    public void After_Chunk_FoldsProgressTimingsAndHistory()
    {
        JobState first = JobProgression.After(new JobState(), Outcome(0, 10, stepSeconds: 5), Now);
        JobState second = JobProgression.After(first, Outcome(10, 14, stepSeconds: 2), Now.AddSeconds(3));

        Assert.Equal(2, second.Progress.Chunk);
        Assert.Equal(14, second.Progress.Iteration);
        Assert.Equal(300, second.Progress.Iterations);
        Assert.Equal((1, 2), (second.Progress.Scale, second.Progress.Scales));
        Assert.Equal("jobs/j/state/0000014.safetensors", second.Progress.Checkpoint);
        Assert.Equal(Enumerable.Range(1, 14), second.Progress.History.Select(p => p.Iteration));
        Assert.Equal(7.0, second.Timings.StepSeconds);
        Assert.Equal(9.0, second.Timings.RunSeconds);
        Assert.Equal(0.5, second.Timings.SecondsPerIteration);
        Assert.Equal((200L, 80L), (second.Timings.BytesWritten, second.Timings.BytesRead));
        Assert.Equal(Now.AddSeconds(3), second.UpdatedAt);
    }

    [Fact]
    public void After_ChunkWithAMedianStepTime_SizesByItNotByTheMean()
    {
        // A cold first chunk: 3 steps in 4.2 s, most of it the first step's one-off set-up; its steps' median 0.5 s.
        JobState first = JobProgression.After(new JobState(), Outcome(0, 3, stepSeconds: 4.2) with { SecondsPerIteration = 0.5 }, Now);

        Assert.Equal(0.5, first.Timings.SecondsPerIteration);
        Assert.Equal(60, ChunkSizer.Next(first, new RunSettings { ChunkSeconds = 30 }));
    }

    [Fact]
    public void After_ChunkWithoutLossesOrPreview_KeepsThePreviousOnes()
    {
        JobState first = JobProgression.After(new JobState(), Outcome(0, 10), Now);

        JobState second = JobProgression.After(first, Outcome(10, 20) with { Losses = null, Preview = null }, Now);

        Assert.Equal(first.Progress.Losses, second.Progress.Losses);
        Assert.Equal("jobs/j/preview.jpg", second.Progress.Preview);
    }

    [Fact]
    public void After_LongRun_HistoryThinnedToMaxKeepingTheLastPoint()
    {
        JobState state = new();
        for (int from = 0; from < 1000; from += 50)
        {
            state = JobProgression.After(state, Outcome(from, from + 50), Now);
        }

        Assert.InRange(state.Progress.History.Count, 2, JobProgress.MaxHistory);
        Assert.Equal(1000, state.Progress.History[^1].Iteration);
        Assert.Equal(1, state.Progress.History[0].Iteration);
        Assert.Equal(state.Progress.History.OrderBy(p => p.Iteration).Select(p => p.Iteration), state.Progress.History.Select(p => p.Iteration));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(120)]
    [InlineData(121)]
    [InlineData(122)]
    [InlineData(1000)]
    public void Thin_AnyCount_AtMostMaxAndTheLastKept(int count)
    {
        JobHistoryPoint[] points = [.. Enumerable.Range(1, count).Select(i => new JobHistoryPoint(i, i))];

        IReadOnlyList<JobHistoryPoint> thinned = JobProgress.Thin(points);

        Assert.True(thinned.Count <= JobProgress.MaxHistory);
        if (count > 0)
        {
            Assert.Equal(count, thinned[^1].Iteration);
        }

        if (count <= JobProgress.MaxHistory)
        {
            Assert.Equal(count, thinned.Count);
        }
    }
}
