using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>Jobs for orchestrator tests, and a simulated engine for the fake chunk activity.</summary>
public static class TestJobs
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string HookUrl = "https://hooks.example.com/nst/job";

    public const string DefaultHookUrl = "https://operator.example.com/nst";

    public static string NewId() => JobId.New(DateTimeOffset.UtcNow);

    public static JobSpec Spec(string? id = null, string? webhookUrl = null)
    {
        id ??= NewId();
        return new JobSpec
        {
            Id = id,
            CreatedAt = CreatedAt,
            Source = new JobSource { Kind = JobSourceKinds.Api },
            ContentName = "photo.jpg",
            Content = $"jobs/{id}/input/content.jpg",
            Styles = [new JobStyle { Name = "starry", Blob = $"jobs/{id}/input/style-0.jpg" }],
            Output = $"outbox/api/{id}.jpg",
            Report = $"outbox/api/{id}.json",
            WebhookUrl = webhookUrl,
        };
    }

    public static JobInput Input(JobSpec spec, RunSettings? settings = null) => new() { Id = spec.Id, Spec = spec, Settings = settings ?? new RunSettings() };

    public static string Checkpoint(string jobId, int iteration) => $"jobs/{jobId}/state/{iteration:D7}.safetensors";

    public static double LossAt(int iteration) => 1000.0 / iteration;

    /// <summary>
    /// A chunk activity over a run of <paramref name="total"/> iterations that takes
    /// <paramref name="secondsPerIteration"/>(chunk) per step: it runs what was asked (fewer at the end), one history
    /// point per iteration, and names its checkpoint after the iteration reached.
    /// </summary>
    public static Func<ChunkRequest, int, Task<ChunkOutcome>> Engine(int total, Func<int, double> secondsPerIteration) =>
        (request, _) => Task.FromResult(Run(request, total, secondsPerIteration(request.Chunk)));

    public static ChunkOutcome Run(ChunkRequest request, int total, double secondsPerIteration)
    {
        int reached = Math.Min(total, request.FromIteration + request.Iterations);
        int done = reached - request.FromIteration;
        double steps = done * secondsPerIteration;
        return new ChunkOutcome
        {
            Checkpoint = Checkpoint(request.Spec.Id, reached),
            Iteration = reached,
            TotalIterations = total,
            Scale = 0,
            Scales = 1,
            Complete = reached >= total,
            Losses = new JobLosses { Content = 1, Style = 2, Tv = 3, Total = LossAt(reached) },
            History = [.. Enumerable.Range(request.FromIteration + 1, done).Select(i => new JobHistoryPoint(i, LossAt(i)))],
            Preview = $"jobs/{request.Spec.Id}/preview.jpg",
            StepSeconds = steps,
            RunSeconds = steps + 0.25,
            BytesWritten = 1000,
            BytesRead = request.Checkpoint is null ? 0 : 400,
        };
    }

    /// <summary>
    /// A gate a fake activity waits on until the test opens it, and that tells the test it was reached. Disposing
    /// opens it, so a test that fails early leaves no activity blocked on the shared host.
    /// </summary>
    public sealed class Gate : IDisposable
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsOpen => _open.Task.IsCompleted;

        public async Task PassAsync()
        {
            _reached.TrySetResult();
            await _open.Task;
        }

        public Task Reached => _reached.Task.WaitAsync(OrchestrationHost.Patience);

        public void Open() => _open.TrySetResult();

        public void Dispose() => Open();
    }
}
