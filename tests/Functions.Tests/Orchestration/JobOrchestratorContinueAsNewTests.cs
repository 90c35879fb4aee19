using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>ContinueAsNew every few chunks: nothing of the job is lost or changed by starting a fresh history.</summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobOrchestratorContinueAsNewTests(OrchestrationHost host)
{
    // 21 iterations in chunks of 3 (3 s per chunk at 1 s per iteration): 7 chunks.
    private const int Total = 21;

    private static RunSettings Settings(int chunksPerGeneration) => new() { ChunkSeconds = 3, FirstChunkIterations = 3, ChunksPerGeneration = chunksPerGeneration };

    private static double SecondsPerIteration(int chunk) => 1.0 - (chunk % 2) * 0.001;

    // The input of the instance's current generation, read while a chunk runs.
    private async Task<JobInput> CurrentInputAsync(string id) =>
        (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<JobInput>()!;

    [Fact]
    public async Task RunAsync_TwoChunksPerGeneration_CarriesAllSevenChunksAcrossGenerations()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = host.Script(spec.Id);
        var generationStart = new List<int>();
        script.Chunk = async (request, _) =>
        {
            JobInput current = await CurrentInputAsync(request.Spec.Id);
            lock (generationStart)
            {
                generationStart.Add(current.State.Progress.Chunk);
            }

            return TestJobs.Run(request, Total, SecondsPerIteration(request.Chunk));
        };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, Settings(2)));

        // Chunks 0-1 in the first generation, 2-3 in the second (whose input carries 2 chunks), …
        Assert.Equal([0, 0, 2, 2, 4, 4, 6], generationStart);
        Assert.Equal(Enumerable.Range(0, 7), script.ChunkRequests.Select(r => r.Chunk));
        Assert.Equal(JobStatus.Succeeded, final.State.Status);
        Assert.Equal(7, final.State.Progress.Chunk);
        Assert.Equal(Total, final.State.Progress.Iteration);
        Assert.Equal(Enumerable.Range(1, Total), final.State.Progress.History.Select(p => p.Iteration));
        Assert.Equal(TestJobs.Checkpoint(spec.Id, Total), Assert.Single(script.FinishRequests).Checkpoint);
        Assert.Equal(WebhookStates.Delivered, final.State.Webhook?.State);
        Assert.Single(script.WebhookRequests);
    }

    [Fact]
    public async Task RunAsync_TwoChunksPerGeneration_EndsAsIfNoContinueAsNewHappened()
    {
        JobSpec split = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobSpec whole = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript splitScript = host.Script(split.Id);
        JobScript wholeScript = host.Script(whole.Id);
        splitScript.Chunk = wholeScript.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, Total, SecondsPerIteration(request.Chunk)));

        JobState a = (await host.RunToEndAsync(TestJobs.Input(split, Settings(2)))).State;
        JobState b = (await host.RunToEndAsync(TestJobs.Input(whole, Settings(100)))).State;

        static object Shape(ChunkRequest r, string id) => (r.Chunk, r.Checkpoint?.Replace(id, "J", StringComparison.Ordinal), r.FromIteration, r.Iterations, r.Obsolete?.Replace(id, "J", StringComparison.Ordinal));
        Assert.Equal(wholeScript.ChunkRequests.Select(r => Shape(r, whole.Id)), splitScript.ChunkRequests.Select(r => Shape(r, split.Id)));
        Assert.Equal(b.Status, a.Status);
        Assert.Equal(b.Error, a.Error);
        Assert.Equal(b.CancelRequested, a.CancelRequested);
        Assert.Equal(b.Progress with { History = [], Checkpoint = null, Preview = null }, a.Progress with { History = [], Checkpoint = null, Preview = null });
        Assert.Equal(b.Progress.History, a.Progress.History);
        Assert.Equal(b.Timings with { QueuedSeconds = 0 }, a.Timings with { QueuedSeconds = 0 });
        Assert.Equal((b.Webhook?.Event, b.Webhook?.State, b.Webhook?.Attempts), (a.Webhook?.Event, a.Webhook?.State, a.Webhook?.Attempts));
        Assert.True(a.StartedAt <= a.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_CancelInALaterGeneration_IsHonoured()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = host.Script(spec.Id);
        using var gate = new TestJobs.Gate();
        script.Chunk = async (request, _) =>
        {
            if (request.Chunk == 4)
            {
                await gate.PassAsync();
            }

            return TestJobs.Run(request, Total, 1);
        };
        string id = await host.StartAsync(TestJobs.Input(spec, Settings(2)));
        await gate.Reached;
        Assert.Equal(4, (await CurrentInputAsync(id)).State.Progress.Chunk);

        await host.Client.RaiseEventAsync(id, TaskNames.CancelEvent);
        await host.WaitForStatusAsync(id, s => s.State.CancelRequested);
        gate.Open();
        OrchestrationMetadata done = await host.WaitAsync(id);
        JobSnapshot final = done.ReadOutputAs<JobSnapshot>()!;

        Assert.Equal(Enumerable.Range(0, 5), script.ChunkRequests.Select(r => r.Chunk));
        Assert.Equal(JobStatus.Cancelled, final.State.Status);
        Assert.Equal(5, final.State.Progress.Chunk);
        Assert.Empty(script.FinishRequests);
        Assert.Equal($"msg_{id}_cancelled", Assert.Single(script.WebhookRequests).Id);
    }
}
