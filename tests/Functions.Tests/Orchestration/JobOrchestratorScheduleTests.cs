using Microsoft.DurableTask;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// What the orchestrator decides, checked exactly on a fake context (no engine, no clock): the webhook's retry
/// schedule with the production defaults, the chunk retry policy, ContinueAsNew's input, and failures after retries.
/// </summary>
public sealed class JobOrchestratorScheduleTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static FakeOrchestrationContext Context(int total = 3)
    {
        var context = new FakeOrchestrationContext(Start);
        context.Activities[TaskNames.RunChunk] = r => TestJobs.Run((ChunkRequest)r!, total, 1);
        context.Activities[TaskNames.FinishJob] = _ => new FinishOutcome(64, 48, null);
        context.Activities[TaskNames.SendWebhook] = _ => new WebhookAttempt(true, false, 200, null);
        return context;
    }

    private static IEnumerable<T> InputsOf<T>(FakeOrchestrationContext context, string activity) =>
        context.Calls.Where(c => c.Name == activity).Select(c => (T)c.Input!);

    [Fact]
    public async Task RunAsync_WebhookNeverDelivered_WaitsFrom5SecondsDoublingTo10MinutesThenRecordsFailed()
    {
        FakeOrchestrationContext context = Context();
        context.Activities[TaskNames.SendWebhook] = _ => new WebhookAttempt(false, false, 502, "answered 502 Bad Gateway");
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);

        JobSnapshot final = await JobOrchestrator.RunAsync(context, TestJobs.Input(spec));

        double[] delays = context.Timers.Select(t => (t.FireAt - t.CreatedAt).TotalSeconds).ToArray();
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600], delays);
        WebhookRequest[] requests = InputsOf<WebhookRequest>(context, TaskNames.SendWebhook).ToArray();
        Assert.Equal(20, requests.Length);
        Assert.Single(requests.Distinct());
        Assert.Equal(WebhookStates.Failed, final.State.Webhook!.State);
        Assert.Equal(20, final.State.Webhook.Attempts);
        Assert.Equal("answered 502 Bad Gateway", final.State.Webhook.LastError);
    }

    [Fact]
    public async Task RunAsync_WebhookWaiting_CustomStatusShowsPendingAndTheNextAttemptTime()
    {
        FakeOrchestrationContext context = Context();
        int attempts = 0;
        context.Activities[TaskNames.SendWebhook] = _ => ++attempts < 3 ? new WebhookAttempt(false, false, null, "timed out") : new WebhookAttempt(true, false, 200, null);

        JobSnapshot final = await JobOrchestrator.RunAsync(context, TestJobs.Input(TestJobs.Spec(webhookUrl: TestJobs.HookUrl)));

        JobWebhookState[] pending = context.CustomStatuses.Cast<JobSnapshot>().Select(s => s.State.Webhook).OfType<JobWebhookState>().ToArray();
        Assert.Equal(3, pending.Length);
        Assert.Equal((WebhookStates.Pending, 1, "timed out"), (pending[0].State, pending[0].Attempts, pending[0].LastError));
        Assert.Equal(context.Timers[0].FireAt, pending[0].NextAttemptAt!.Value.UtcDateTime);
        Assert.Equal((WebhookStates.Pending, 2), (pending[1].State, pending[1].Attempts));
        Assert.Equal(context.Timers[1].FireAt, pending[1].NextAttemptAt!.Value.UtcDateTime);
        Assert.Equal(WebhookStates.Delivered, pending[2].State);
        Assert.Equal(final.State.Webhook, pending[2]);
        Assert.Equal(context.Now, final.State.Webhook!.DeliveredAt!.Value.UtcDateTime);
    }

    [Fact]
    public async Task RunAsync_ChunkCall_CarriesTheRetryPolicyFromTheSettings()
    {
        FakeOrchestrationContext context = Context();
        var settings = new RunSettings { MaxChunkAttempts = 7, ChunkRetryInterval = TimeSpan.FromSeconds(3) };

        await JobOrchestrator.RunAsync(context, TestJobs.Input(TestJobs.Spec(), settings));

        RetryPolicy policy = context.Calls.Single(c => c.Name == TaskNames.RunChunk).Options!.Retry!.Policy!;
        Assert.Equal(7, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.FirstRetryInterval);
        Assert.Equal(2, policy.BackoffCoefficient);
    }

    [Fact]
    public async Task RunAsync_GenerationFull_ContinuesAsNewWithTheStateAndTheCheckpointToDelete()
    {
        FakeOrchestrationContext context = Context(total: 30);
        JobSpec spec = TestJobs.Spec();
        JobInput input = TestJobs.Input(spec, new RunSettings { ChunkSeconds = 3, ChunksPerGeneration = 3 });

        await JobOrchestrator.RunAsync(context, input);

        Assert.True(context.ContinuedAsNew);
        var next = (JobInput)context.ContinuedAsNewWith!;
        Assert.Equal(3, context.Calls.Count(c => c.Name == TaskNames.RunChunk));
        Assert.Equal(3, next.State.Progress.Chunk);
        Assert.Equal(9, next.State.Progress.Iteration);
        Assert.Equal(TestJobs.Checkpoint(spec.Id, 9), next.State.Progress.Checkpoint);
        Assert.Equal(TestJobs.Checkpoint(spec.Id, 6), next.Obsolete);
        Assert.Equal(JobStatus.Running, next.State.Status);
        Assert.Same(spec, next.Spec);
        Assert.Null(next.Drop);
        Assert.Equal(input.Settings, next.Settings);
        Assert.DoesNotContain(context.Calls, c => c.Name is TaskNames.FinishJob or TaskNames.SendWebhook);
    }

    [Fact]
    public async Task RunAsync_FinishFailsAfterItsRetries_FailsWithFinishFailedAndTellsTheWebhook()
    {
        FakeOrchestrationContext context = Context();
        context.Activities[TaskNames.FinishJob] = _ => throw FakeOrchestrationContext.Failed(TaskNames.FinishJob, "The specified container does not exist.");

        JobSnapshot final = await JobOrchestrator.RunAsync(context, TestJobs.Input(TestJobs.Spec(webhookUrl: TestJobs.HookUrl)));

        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(JobErrorCodes.FinishFailed, final.State.Error?.Code);
        Assert.Contains("container does not exist", final.State.Error!.Message, StringComparison.Ordinal);
        Assert.EndsWith("_failed", Assert.Single(InputsOf<WebhookRequest>(context, TaskNames.SendWebhook)).Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FinishReturnsOutputError_FailsWithThatError()
    {
        FakeOrchestrationContext context = Context();
        var error = new JobError(JobErrorCodes.OutputExists, "outbox/api/x.jpg belongs to another job.");
        context.Activities[TaskNames.FinishJob] = _ => new FinishOutcome(0, 0, error);

        JobSnapshot final = await JobOrchestrator.RunAsync(context, TestJobs.Input(TestJobs.Spec()));

        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(error, final.State.Error);
    }

    [Fact]
    public async Task RunAsync_ChunkFailsAfterItsRetries_MessageNamesTheChunkAndTheAttempts()
    {
        FakeOrchestrationContext context = Context();
        context.Activities[TaskNames.RunChunk] = _ => throw FakeOrchestrationContext.Failed(TaskNames.RunChunk, "line one\nline two");

        JobSnapshot final = await JobOrchestrator.RunAsync(context, TestJobs.Input(TestJobs.Spec(), new RunSettings { MaxChunkAttempts = 4 }));

        Assert.Equal(JobErrorCodes.ChunkFailed, final.State.Error?.Code);
        Assert.Equal("Chunk 1 failed 4 times; last error: line one line two", final.State.Error!.Message);
    }
}
