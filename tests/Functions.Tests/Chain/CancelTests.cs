using Nst.Functions.Chain;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Chain;

[Collection(AzuriteCollection.Name)]
public sealed class CancelTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RequestCancel_QueuedJob_CancelsAtOnceAndQueuesTheWebhook()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        JobRecord job = await ChunkChainTests.SubmitAsync(host, iterations: 3);

        JobRecord? cancelled = await host.Jobs.RequestCancelAsync(job.Id);
        int ran = await host.PumpChunksAsync();

        Assert.Equal(JobStatus.Cancelled, cancelled!.Status);
        Assert.Equal(1, ran);
        Assert.Equal(0, (await host.Jobs.GetAsync(job.Id))!.Progress.Iteration);
        var webhook = Assert.Single(await host.DrainAsync(PipelineNames.WebhooksQueue));
        Assert.Equal("nst.job.cancelled", (string?)webhook["body"]!["type"]);
    }

    [Fact]
    public async Task RequestCancel_RunningJob_StopsAtTheNextChunk()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        JobRecord job = await ChunkChainTests.SubmitAsync(host, iterations: 5);
        await host.DrainAsync(PipelineNames.ChunksQueue);
        await host.Runner.RunAsync(new ChunkMessage(job.Id, 0), 1);

        JobRecord? requested = await host.Jobs.RequestCancelAsync(job.Id);
        await host.PumpChunksAsync();

        Assert.Equal(JobStatus.Running, requested!.Status);
        Assert.True(requested.CancelRequested);
        JobRecord final = (await host.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Cancelled, final.Status);
        Assert.Equal(1, final.Progress.Iteration);
        var webhook = Assert.Single(await host.DrainAsync(PipelineNames.WebhooksQueue));
        Assert.Equal($"msg_{job.Id}_cancelled", (string?)webhook["id"]);
    }
}
