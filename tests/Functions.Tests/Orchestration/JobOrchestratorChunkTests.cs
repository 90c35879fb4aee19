using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>Chunks on the in-memory durable host: sizing from measured speed, the checkpoint chain, retries, user errors.</summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobOrchestratorChunkTests(OrchestrationHost host)
{
    // 80 iterations, 10 s per chunk, 3 to measure, at most 40: seconds per iteration measured by each chunk.
    private static readonly double[] SecondsPerIteration = [0.5, 4, 20, 0.1, 0.01, 1];
    private static readonly RunSettings Sizing = new() { ChunkSeconds = 10, FirstChunkIterations = 3, MaxChunkIterations = 40 };

    private async Task<(JobScript Script, JobSnapshot Final)> RunSizedJobAsync()
    {
        JobSpec spec = TestJobs.Spec();
        JobScript script = host.Script(spec.Id);
        script.Chunk = TestJobs.Engine(80, chunk => SecondsPerIteration[chunk]);
        return (script, await host.RunToEndAsync(TestJobs.Input(spec, Sizing)));
    }

    [Fact]
    public async Task RunAsync_MeasuredSpeed_SizesEachChunkFromThePreviousOne()
    {
        (JobScript script, _) = await RunSizedJobAsync();

        // 3 to measure; 10/0.5 = 20; floor(10/4) = 2; floor(10/20) = 0 → at least 1; 10/0.1 = 100 → at most 40;
        // 10/0.01 = 1000 → the 14 left.
        Assert.Equal([3, 20, 2, 1, 40, 14], script.ChunkRequests.Select(r => r.Iterations));
    }

    [Fact]
    public async Task RunAsync_Chunks_EachResumesTheCheckpointThePreviousReturned()
    {
        (JobScript script, _) = await RunSizedJobAsync();
        string id = script.JobId;
        IReadOnlyList<ChunkRequest> requests = script.ChunkRequests;

        int[] reached = [3, 23, 25, 26, 66, 80];
        Assert.Equal(6, requests.Count);
        for (int k = 0; k < requests.Count; k++)
        {
            ChunkRequest r = requests[k];
            Assert.Equal(k, r.Chunk);
            Assert.Equal(k == 0 ? 0 : reached[k - 1], r.FromIteration);
            Assert.Equal(k == 0 ? null : TestJobs.Checkpoint(id, reached[k - 1]), r.Checkpoint);
            Assert.Equal(k < 2 ? null : TestJobs.Checkpoint(id, reached[k - 2]), r.Obsolete);
            Assert.Equal(id, r.Spec.Id);
        }
    }

    [Fact]
    public async Task RunAsync_AllChunksDone_SucceedsWithEveryChunkFoldedIn()
    {
        (JobScript script, JobSnapshot final) = await RunSizedJobAsync();
        JobState state = final.State;

        Assert.Equal(JobStatus.Succeeded, state.Status);
        Assert.Null(state.Error);
        Assert.NotNull(state.StartedAt);
        Assert.NotNull(state.FinishedAt);
        Assert.Equal(6, state.Progress.Chunk);
        Assert.Equal(80, state.Progress.Iteration);
        Assert.Equal(80, state.Progress.Iterations);
        Assert.Equal(TestJobs.Checkpoint(script.JobId, 80), state.Progress.Checkpoint);
        Assert.Equal(Enumerable.Range(1, 80), state.Progress.History.Select(p => p.Iteration));
        Assert.Equal(TestJobs.LossAt(80), state.Progress.Losses!.Total);
        Assert.Equal(136.0, state.Timings.StepSeconds, 6);
        Assert.Equal(137.5, state.Timings.RunSeconds, 6);
        Assert.Equal(1.0, state.Timings.SecondsPerIteration, 6);
        Assert.Equal(6000, state.Timings.BytesWritten);
        Assert.Equal(5 * 400, state.Timings.BytesRead);
        Assert.Null(state.Webhook);
    }

    [Fact]
    public async Task RunAsync_AllChunksDone_FinishJobCalledOnceWithTheLastCheckpoint()
    {
        (JobScript script, _) = await RunSizedJobAsync();

        FinishRequest finish = Assert.Single(script.FinishRequests);
        Assert.Equal(TestJobs.Checkpoint(script.JobId, 80), finish.Checkpoint);
        Assert.Equal(80, finish.State.Progress.Iteration);
        Assert.Equal(TaskNames.FinishJob, script.Calls[^1].Activity);
    }

    [Fact]
    public async Task RunAsync_ChunkAlwaysThrows_FailsWithChunkFailedAfterMaxAttempts()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = host.Script(spec.Id);
        script.Chunk = (_, attempt) => throw new InvalidOperationException($"device lost on attempt {attempt}");
        var settings = new RunSettings { MaxChunkAttempts = 3, ChunkRetryInterval = TimeSpan.FromMilliseconds(20) };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, settings));

        Assert.Equal([1, 2, 3], script.Calls.Where(c => c.Activity == TaskNames.RunChunk).Select(c => c.Attempt));
        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(JobErrorCodes.ChunkFailed, final.State.Error?.Code);
        Assert.Contains("device lost on attempt 3", final.State.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(script.FinishRequests);
        WebhookRequest hook = Assert.Single(script.WebhookRequests);
        Assert.Equal("nst.job.failed", JsonNode.Parse(hook.Body)!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_ChunkFailsTwiceThenSucceeds_JobSucceeds()
    {
        JobSpec spec = TestJobs.Spec();
        JobScript script = host.Script(spec.Id);
        script.Chunk = (request, attempt) => request.Chunk == 0 && attempt <= 2
            ? throw new InvalidOperationException("transient")
            : Task.FromResult(TestJobs.Run(request, 6, 1));
        var settings = new RunSettings { MaxChunkAttempts = 3, ChunkRetryInterval = TimeSpan.FromMilliseconds(20), ChunkSeconds = 3 };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, settings));

        Assert.Equal(JobStatus.Succeeded, final.State.Status);
        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 1)], script.Calls.Where(c => c.Activity == TaskNames.RunChunk).Select(c => (((ChunkRequest)c.Request).Chunk, c.Attempt)));
        Assert.Equal(2, final.State.Progress.Chunk);
        Assert.Equal(6, final.State.Progress.Iteration);
    }

    [Fact]
    public async Task RunAsync_ChunkReturnsUserError_FailsAtOnceWithThatErrorAndNoRetry()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = host.Script(spec.Id);
        var error = new JobError(JobErrorCodes.InvalidImage, "Content image: not a JPEG, PNG or WebP.");
        script.Chunk = (_, _) => Task.FromResult(new ChunkOutcome { Error = error });

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, new RunSettings { MaxChunkAttempts = 5 }));

        Assert.Single(script.ChunkRequests);
        Assert.Empty(script.FinishRequests);
        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(error, final.State.Error);
        WebhookRequest hook = Assert.Single(script.WebhookRequests);
        Assert.Equal(TestJobs.HookUrl, hook.Url);
        Assert.Equal($"msg_{spec.Id}_failed", hook.Id);
        JsonNode body = JsonNode.Parse(hook.Body)!;
        Assert.Equal("nst.job.failed", body["type"]!.GetValue<string>());
        Assert.Equal(JobErrorCodes.InvalidImage, body["data"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(WebhookStates.Delivered, final.State.Webhook?.State);
    }

    [Fact]
    public async Task RunAsync_CustomStatus_IsWrittenWithTheJobJsonConverter()
    {
        JobSpec spec = TestJobs.Spec();
        JobScript script = host.Script(spec.Id);
        using var gate = new TestJobs.Gate();
        script.Chunk = async (request, _) =>
        {
            if (request.Chunk == 1)
            {
                await gate.PassAsync();
            }

            return TestJobs.Run(request, 6, 1);
        };

        string id = await host.StartAsync(TestJobs.Input(spec, new RunSettings { ChunkSeconds = 3 }));
        await gate.Reached;
        OrchestrationMetadata running = (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        gate.Open();
        await host.WaitAsync(id);

        // Lower-case enums and camelCase names, as the API and page read them.
        JsonNode status = JsonNode.Parse(running.SerializedCustomStatus!)!;
        Assert.Equal("running", status["state"]!["status"]!.GetValue<string>());
        Assert.Equal(1, status["state"]!["progress"]!["chunk"]!.GetValue<int>());
    }
}
