using System.Text.Json.Nodes;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>The cancel event: shown at once, honoured at the next chunk boundary, the running chunk kept.</summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobOrchestratorCancelTests(OrchestrationHost host)
{
    [Fact]
    public async Task RunAsync_CancelWhileAChunkRuns_ShowsCancelRequestedAtOnceThenStopsAfterThatChunk()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = host.Script(spec.Id);
        using var gate = new TestJobs.Gate();
        script.Chunk = async (request, _) =>
        {
            if (request.Chunk == 1)
            {
                await gate.PassAsync();
            }

            return TestJobs.Run(request, 30, 1);
        };
        string id = await host.StartAsync(TestJobs.Input(spec, new RunSettings { ChunkSeconds = 3 }));
        await gate.Reached;

        await host.Client.RaiseEventAsync(id, TaskNames.CancelEvent);
        JobSnapshot requested = await host.WaitForStatusAsync(id, s => s.State.CancelRequested);

        Assert.False(gate.IsOpen);
        Assert.Equal(JobStatus.Running, requested.State.Status);
        Assert.Equal(1, requested.State.Progress.Chunk);

        gate.Open();
        JobSnapshot final = (await host.WaitAsync(id)).ReadOutputAs<JobSnapshot>()!;

        Assert.Equal([0, 1], script.ChunkRequests.Select(r => r.Chunk));
        Assert.Equal(JobStatus.Cancelled, final.State.Status);
        Assert.True(final.State.CancelRequested);
        Assert.Equal(2, final.State.Progress.Chunk);
        Assert.Equal(6, final.State.Progress.Iteration);
        Assert.Equal(TestJobs.Checkpoint(id, 6), final.State.Progress.Checkpoint);
        Assert.Empty(script.FinishRequests);
        WebhookRequest hook = Assert.Single(script.WebhookRequests);
        Assert.Equal($"msg_{id}_cancelled", hook.Id);
        Assert.Equal("nst.job.cancelled", JsonNode.Parse(hook.Body)!["type"]!.GetValue<string>());
        Assert.Equal(WebhookStates.Delivered, final.State.Webhook?.State);
    }

    [Fact]
    public async Task RunAsync_CancelBeforeTheFirstChunk_RunsNoChunk()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        using var gate = new TestJobs.Gate();
        script.Prepare = async drop =>
        {
            await gate.PassAsync();
            return new PrepareResult(TestJobs.Spec(id, TestJobs.HookUrl), null);
        };
        script.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 30, 1));
        var input = new JobInput { Id = id, Drop = new DropRequest { JobId = id, Blob = "starry/a.jpg", ETag = "0x1", UploadedAt = TestJobs.CreatedAt } };
        await host.StartAsync(input);
        await gate.Reached;

        await host.Client.RaiseEventAsync(id, TaskNames.CancelEvent);
        // The event is queued before the activity's result, so the orchestration sees it first.
        gate.Open();
        JobSnapshot final = (await host.WaitAsync(id)).ReadOutputAs<JobSnapshot>()!;

        Assert.Empty(script.ChunkRequests);
        Assert.Equal(JobStatus.Cancelled, final.State.Status);
        Assert.Equal(0, final.State.Progress.Chunk);
        Assert.Equal($"msg_{id}_cancelled", Assert.Single(script.WebhookRequests).Id);
    }
}
