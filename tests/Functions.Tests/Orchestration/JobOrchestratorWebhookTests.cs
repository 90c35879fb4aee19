using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// The end-of-job webhook on the in-memory durable host: durable timers between attempts, the same id and body on
/// every attempt, and the outcome recorded on the job. Gaps are checked from below only (a busy machine only makes
/// them longer); the exact schedule is checked without a clock in <see cref="JobOrchestratorScheduleTests"/>.
/// </summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobOrchestratorWebhookTests(OrchestrationHost host)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(50);

    private static JobScript OneChunk(JobScript script)
    {
        script.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 3, 1));
        return script;
    }

    [Fact]
    public async Task RunAsync_WebhookFailsFourTimes_RetriesWithDoublingCappedDelaysAndTheSameIdAndBody()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = OneChunk(host.Script(spec.Id));
        var pending = new List<JobWebhookState>();
        script.Webhook = async (_, attempt) =>
        {
            if (attempt > 1)
            {
                // Waiting for this attempt, the job showed the retry it was waiting for.
                OrchestrationMetadata? instance = await host.Client.GetInstanceAsync(spec.Id, getInputsAndOutputs: true);
                lock (pending)
                {
                    pending.Add(instance!.ReadCustomStatusAs<JobSnapshot>()!.State.Webhook!);
                }
            }

            return attempt <= 4 ? new WebhookAttempt(false, false, 503, "answered 503 Service Unavailable") : new WebhookAttempt(true, false, 200, null);
        };
        var settings = new RunSettings
        {
            WebhookMaxAttempts = 10,
            WebhookInitialBackoff = TimeSpan.FromMilliseconds(200),
            WebhookMaxBackoff = TimeSpan.FromMilliseconds(800),
        };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, settings));

        IReadOnlyList<WebhookRequest> requests = script.WebhookRequests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0], r));
        Assert.Equal($"msg_{spec.Id}_succeeded", requests[0].Id);
        Assert.Equal(TestJobs.HookUrl, requests[0].Url);

        long[] at = script.Calls.Where(c => c.Activity == TaskNames.SendWebhook).Select(c => c.Timestamp).ToArray();
        int[] expected = [200, 400, 800, 800];
        for (int k = 0; k < expected.Length; k++)
        {
            TimeSpan gap = Stopwatch.GetElapsedTime(at[k], at[k + 1]);
            Assert.True(gap >= TimeSpan.FromMilliseconds(expected[k]) - Slack, $"gap {k + 1} was {gap.TotalMilliseconds} ms, expected at least {expected[k]} ms");
        }

        Assert.Equal([1, 2, 3, 4], pending.Select(w => w.Attempts));
        Assert.All(pending, w => Assert.Equal(WebhookStates.Pending, w.State));
        Assert.All(pending, w => Assert.Equal("answered 503 Service Unavailable", w.LastError));
        Assert.All(pending, w => Assert.NotNull(w.NextAttemptAt));
        for (int k = 1; k < pending.Count; k++)
        {
            // Each wait starts after the last one ended, so the planned times are at least the delay apart.
            Assert.True(pending[k].NextAttemptAt - pending[k - 1].NextAttemptAt >= TimeSpan.FromMilliseconds(expected[k]) - Slack);
        }

        JobWebhookState hook = final.State.Webhook!;
        Assert.Equal(WebhookStates.Delivered, hook.State);
        Assert.Equal(5, hook.Attempts);
        Assert.Null(hook.LastError);
        Assert.Null(hook.NextAttemptAt);
        Assert.NotNull(hook.DeliveredAt);
        Assert.Equal("nst.job.succeeded", hook.Event);
        Assert.Equal(requests[0].Id, hook.Id);
        Assert.Equal(JobStatus.Succeeded, final.State.Status);
    }

    [Fact]
    public async Task RunAsync_WebhookAttemptsExhausted_RecordsFailedWithTheLastError()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = OneChunk(host.Script(spec.Id));
        script.Webhook = (_, attempt) => Task.FromResult(new WebhookAttempt(false, false, 500, $"answered 500 (attempt {attempt})"));
        var settings = new RunSettings { WebhookMaxAttempts = 3, WebhookInitialBackoff = TimeSpan.FromMilliseconds(20), WebhookMaxBackoff = TimeSpan.FromMilliseconds(20) };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, settings));

        Assert.Equal(3, script.WebhookRequests.Count);
        JobWebhookState hook = final.State.Webhook!;
        Assert.Equal(WebhookStates.Failed, hook.State);
        Assert.Equal(3, hook.Attempts);
        Assert.Equal("answered 500 (attempt 3)", hook.LastError);
        Assert.Null(hook.DeliveredAt);
        Assert.Null(hook.NextAttemptAt);
        Assert.Equal(JobStatus.Succeeded, final.State.Status);
    }

    [Fact]
    public async Task RunAsync_WebhookActivityThrows_CountsAsAFailedAttemptAndRetries()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        JobScript script = OneChunk(host.Script(spec.Id));
        script.Webhook = (_, attempt) => attempt == 1
            ? throw new HttpRequestException("connection reset")
            : Task.FromResult(new WebhookAttempt(true, false, 204, null));
        var settings = new RunSettings { WebhookInitialBackoff = TimeSpan.FromMilliseconds(20) };

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, settings));

        Assert.Equal(2, script.WebhookRequests.Count);
        Assert.Equal(WebhookStates.Delivered, final.State.Webhook!.State);
        Assert.Equal(2, final.State.Webhook.Attempts);
    }

    [Fact]
    public async Task RunAsync_WebhookRefused_NoRetryAndRecordsRefused()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: "https://internal.example.com/hook");
        JobScript script = OneChunk(host.Script(spec.Id));
        script.Webhook = (_, _) => Task.FromResult(new WebhookAttempt(false, true, null, "Webhook host resolves to 10.0.0.5 (Private)"));

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, new RunSettings { WebhookInitialBackoff = TimeSpan.FromMilliseconds(20) }));

        Assert.Single(script.WebhookRequests);
        Assert.Equal(WebhookStates.Refused, final.State.Webhook!.State);
        Assert.Equal(1, final.State.Webhook.Attempts);
        Assert.Contains("10.0.0.5", final.State.Webhook.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoWebhookUrlAnywhere_SendsNothing()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: null);
        JobScript script = OneChunk(host.Script(spec.Id));

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, new RunSettings { DefaultWebhookUrl = null }));

        Assert.Empty(script.WebhookRequests);
        Assert.Null(final.State.Webhook);
        Assert.Equal(JobStatus.Succeeded, final.State.Status);
    }

    [Fact]
    public async Task RunAsync_JobHasNoWebhook_UsesTheOperatorsDefault()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: null);
        JobScript script = OneChunk(host.Script(spec.Id));

        JobSnapshot final = await host.RunToEndAsync(TestJobs.Input(spec, new RunSettings { DefaultWebhookUrl = TestJobs.DefaultHookUrl }));

        Assert.Equal(TestJobs.DefaultHookUrl, Assert.Single(script.WebhookRequests).Url);
        Assert.Equal(TestJobs.DefaultHookUrl, final.State.Webhook!.Url);
    }
}
