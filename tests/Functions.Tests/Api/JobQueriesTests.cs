using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Nst.Functions.Api;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Tests.Orchestration;

namespace Nst.Functions.Tests.Api;

/// <summary><see cref="JobQueries.View"/> on real instance metadata from the in-memory durable host.</summary>
[Collection(OrchestrationCollection.Name)]
public sealed class JobQueriesTests(OrchestrationHost host)
{
    [Fact]
    public async Task View_RunningJob_ShowsTheCustomStatus()
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

        JobView view = JobQueries.View((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!);
        gate.Open();
        await host.WaitAsync(id);

        Assert.Equal(id, view.Id);
        Assert.Equal("running", view.Status);
        Assert.Equal(1, view.Progress.Chunk);
        Assert.Equal(3, view.Progress.Iteration);
        Assert.Equal(spec.Output, view.Output);
        Assert.Equal(TestJobs.CreatedAt, view.CreatedAt);
        Assert.NotNull(view.StartedAt);
        Assert.Null(view.FinishedAt);
    }

    [Fact]
    public async Task View_CompletedJob_ShowsTheOutput()
    {
        JobSpec spec = TestJobs.Spec(webhookUrl: TestJobs.HookUrl);
        host.Script(spec.Id).Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 3, 1));

        OrchestrationMetadata done = await host.RunAsync(TestJobs.Input(spec));
        JobView view = JobQueries.View(done);

        Assert.Equal("succeeded", view.Status);
        Assert.Equal(3, view.Progress.Iteration);
        Assert.Equal(TestJobs.Checkpoint(spec.Id, 3), view.Progress.Checkpoint);
        Assert.Equal(WebhookStates.Delivered, view.Webhook?.State);
        Assert.Equal(spec.Report, view.Report);
        Assert.NotNull(view.FinishedAt);
    }

    [Fact]
    public async Task View_DropBeforePreparation_ShowsTheUploadAsQueued()
    {
        string id = TestJobs.NewId();
        JobScript script = host.Script(id);
        using var gate = new TestJobs.Gate();
        script.Prepare = async _ =>
        {
            await gate.PassAsync();
            return new PrepareResult(new JobSpec { Id = id }, new JobError(JobErrorCodes.UnknownStyle, "No style 'starry'."));
        };
        var uploaded = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await host.StartAsync(new JobInput { Id = id, Drop = new DropRequest { JobId = id, Blob = "starry/trip/a.jpg", ETag = "0x9", UploadedAt = uploaded } });
        await gate.Reached;

        JobView view = JobQueries.View((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!);
        gate.Open();
        await host.WaitAsync(id);

        Assert.Equal("queued", view.Status);
        Assert.Equal(JobSourceKinds.Drop, view.Source.Kind);
        Assert.Equal("inbox/starry/trip/a.jpg", view.Source.Blob);
        Assert.Equal("0x9", view.Source.ETag);
        Assert.Equal("a.jpg", view.ContentName);
        Assert.Equal(uploaded, view.CreatedAt);
    }

    [Fact]
    public async Task View_FailedOrchestration_ShowsFailedWithOrchestrationFailed()
    {
        // Neither a spec nor a drop: the orchestrator throws, so the instance itself fails.
        string id = TestJobs.NewId();
        host.Script(id);

        OrchestrationMetadata done = await host.RunAsync(new JobInput { Id = id });
        JobView view = JobQueries.View(done);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("failed", view.Status);
        Assert.Equal(JobErrorCodes.OrchestrationFailed, view.Error?.Code);
        Assert.Contains("neither a spec nor a drop", view.Error!.Message, StringComparison.Ordinal);
        Assert.NotNull(view.FinishedAt);
    }

    [Fact]
    public async Task View_InputIsNotAJobInput_ShowsUnreadableWithoutThrowing()
    {
        string id = TestJobs.NewId();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationHost.NotAJob, "just a string", new StartOrchestrationOptions(id));
        OrchestrationMetadata done = await host.WaitAsync(id);

        JobView view = JobQueries.View(done);

        Assert.Equal(id, view.Id);
        Assert.Equal(JobView.Unreadable, view.Status);
        Assert.Equal(JobView.Unreadable, view.Error?.Code);
    }
}
