using System.Text.Json.Nodes;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>A drop: the job is made by the first activity, and a user's mistake there fails the job at once, with a webhook.</summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobOrchestratorDropTests(OrchestrationHost host)
{
    private static JobInput DropInput(string id, RunSettings? settings = null) => new()
    {
        Id = id,
        Drop = new DropRequest { JobId = id, Blob = "starry/holiday/a.jpg", ETag = "\"0x8DC1\"", UploadedAt = TestJobs.CreatedAt },
        Settings = settings ?? new RunSettings(),
    };

    [Fact]
    public async Task RunAsync_DropWithoutSpec_PreparesFirstThenRunsThePreparedJob()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        JobSpec prepared = TestJobs.Spec(id, TestJobs.HookUrl) with { Source = new JobSource { Kind = JobSourceKinds.Drop, Blob = "inbox/starry/holiday/a.jpg" } };
        script.Prepare = _ => Task.FromResult(new PrepareResult(prepared, null));
        script.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 3, 1));

        JobSnapshot final = await host.RunToEndAsync(DropInput(id));

        Assert.Equal(TaskNames.PrepareDrop, script.Calls[0].Activity);
        DropRequest drop = Assert.Single(script.PrepareRequests);
        Assert.Equal((id, "starry/holiday/a.jpg", "\"0x8DC1\""), (drop.JobId, drop.Blob, drop.ETag));
        Assert.All(script.ChunkRequests, r => Assert.Equal("inbox/starry/holiday/a.jpg", r.Spec.Source.Blob));
        Assert.Equal(JobStatus.Succeeded, final.State.Status);
        Assert.Equal("inbox/starry/holiday/a.jpg", final.Spec?.Source.Blob);
        Assert.Equal(TestJobs.HookUrl, Assert.Single(script.WebhookRequests).Url);
    }

    [Fact]
    public async Task RunAsync_PrepareReturnsError_FailsAtOnceAndTellsThePreparedWebhook()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        var error = new JobError(JobErrorCodes.UnknownStyle, "There is no style 'starry' in styles/.");
        JobSpec known = new() { Id = id, CreatedAt = TestJobs.CreatedAt, Source = new JobSource { Kind = JobSourceKinds.Drop, Blob = "inbox/starry/holiday/a.jpg" }, Output = "outbox/starry/holiday/a.jpg", WebhookUrl = TestJobs.HookUrl };
        script.Prepare = _ => Task.FromResult(new PrepareResult(known, error));

        JobSnapshot final = await host.RunToEndAsync(DropInput(id, new RunSettings { DefaultWebhookUrl = TestJobs.DefaultHookUrl }));

        Assert.Empty(script.ChunkRequests);
        Assert.Empty(script.FinishRequests);
        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(error, final.State.Error);
        Assert.Equal("inbox/starry/holiday/a.jpg", final.Spec?.Source.Blob);
        WebhookRequest hook = Assert.Single(script.WebhookRequests);
        Assert.Equal(TestJobs.HookUrl, hook.Url);
        JsonNode body = JsonNode.Parse(hook.Body)!;
        Assert.Equal("nst.job.failed", body["type"]!.GetValue<string>());
        Assert.Equal(JobErrorCodes.UnknownStyle, body["data"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(WebhookStates.Delivered, final.State.Webhook?.State);
    }

    [Fact]
    public async Task RunAsync_PrepareErrorWithoutJobWebhook_TellsTheDefaultWebhook()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        script.Prepare = _ => Task.FromResult(new PrepareResult(new JobSpec { Id = id, CreatedAt = TestJobs.CreatedAt }, new JobError(JobErrorCodes.InvalidWebhook, "nst_webhook must be an absolute http(s) URL.")));

        JobSnapshot final = await host.RunToEndAsync(DropInput(id, new RunSettings { DefaultWebhookUrl = TestJobs.DefaultHookUrl }));

        Assert.Empty(script.ChunkRequests);
        Assert.Equal(JobErrorCodes.InvalidWebhook, final.State.Error?.Code);
        Assert.Equal(TestJobs.DefaultHookUrl, Assert.Single(script.WebhookRequests).Url);
    }

    [Fact]
    public async Task RunAsync_PrepareKeepsThrowing_FailsWithPrepareFailedAndTellsTheDefaultWebhook()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        script.Prepare = _ => throw new IOException("storage answered 503 ServerBusy");

        JobSnapshot final = await host.RunToEndAsync(DropInput(id, new RunSettings
        {
            DefaultWebhookUrl = TestJobs.DefaultHookUrl,
            StorageAttempts = 2,
            StorageRetryInterval = TimeSpan.FromMilliseconds(10),
        }));

        Assert.Equal(2, script.PrepareRequests.Count);
        Assert.Empty(script.ChunkRequests);
        Assert.Equal(JobStatus.Failed, final.State.Status);
        Assert.Equal(JobErrorCodes.PrepareFailed, final.State.Error?.Code);
        Assert.Contains("503 ServerBusy", final.State.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("inbox/starry/holiday/a.jpg", final.Spec?.Source.Blob);
        WebhookRequest hook = Assert.Single(script.WebhookRequests);
        Assert.Equal(TestJobs.DefaultHookUrl, hook.Url);
        Assert.Equal("nst.job.failed", JsonNode.Parse(hook.Body)!["type"]!.GetValue<string>());
    }
}
