using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Chain;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Drops;

[Collection(AzuriteCollection.Name)]
public sealed class DropHandlerTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string> Tiny = new() { ["nst_size"] = "32", ["nst_iterations"] = "2" };

    [Fact]
    public async Task CorruptImageDrop_FailsWithAWebhook_WhileAGoodJobBehindItSucceeds()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite, chunkSeconds: 600);
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.png", PipelineTestHost.StyleImage());
        await host.DropAsync("stripes/bad.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5], Tiny);
        await host.DropAsync("stripes/good.png", PipelineTestHost.ContentImage(), Tiny);

        await host.PumpChunksAsync();

        var jobs = await host.Jobs.ListRecentAsync(10);
        JobRecord bad = jobs.Single(j => j.Source.Blob == "inbox/stripes/bad.jpg");
        JobRecord good = jobs.Single(j => j.Source.Blob == "inbox/stripes/good.png");
        Assert.Equal(JobStatus.Failed, bad.Status);
        Assert.Equal(JobErrorCodes.InvalidImage, bad.Error!.Code);
        Assert.Equal(JobStatus.Succeeded, good.Status);
        var webhooks = await host.DrainAsync(PipelineNames.WebhooksQueue);
        Assert.Contains(webhooks, w => (string?)w["id"] == $"msg_{bad.Id}_failed");
        Assert.Contains(webhooks, w => (string?)w["id"] == $"msg_{good.Id}_succeeded");
    }

    [Fact]
    public async Task Drop_UnknownStyle_CreatesAFailedJobWithAWebhookAndNoChunk()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);

        await host.DropAsync("nosuch/photo.png", PipelineTestHost.ContentImage());

        JobRecord job = await host.SingleJobAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(JobErrorCodes.UnknownStyle, job.Error!.Code);
        Assert.Contains("nosuch", job.Error.Message, StringComparison.Ordinal);
        Assert.Empty(await host.DrainAsync(PipelineNames.ChunksQueue));
        Assert.Single(await host.DrainAsync(PipelineNames.WebhooksQueue));
    }

    [Fact]
    public async Task Drop_BadMetadataValue_FailsWithInvalidOptionsNamingTheKey()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.png", PipelineTestHost.StyleImage());

        await host.DropAsync("stripes/photo.png", PipelineTestHost.ContentImage(), new Dictionary<string, string> { ["nst_iterations"] = "many" });

        JobRecord job = await host.SingleJobAsync();
        Assert.Equal(JobErrorCodes.InvalidOptions, job.Error!.Code);
        Assert.Contains("nst_iterations", job.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeliveredEvent_MakesNoNewJob_ButAReUploadOfTheSameNameDoes()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.png", PipelineTestHost.StyleImage());
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.json", "{\"iterations\": 2, \"size\": 32}"u8.ToArray());
        BinaryData first = await host.DropAsync("stripes/photo.png", PipelineTestHost.ContentImage());

        await host.DeliverEventAsync(first);
        Assert.Single(await host.Jobs.ListRecentAsync(10));

        await host.DropAsync("stripes/photo.png", PipelineTestHost.ContentImage(40, 40));
        var jobs = await host.Jobs.ListRecentAsync(10);
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal([2], j.Options.Iterations));
        Assert.All(jobs, j => Assert.Equal(32, j.Options.Size));
    }

    [Fact]
    public async Task Manifest_TwoStylesWithWeights_MakesAQueuedJob()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.png", PipelineTestHost.StyleImage());
        await host.UploadAsync(PipelineNames.StylesContainer, "other.png", PipelineTestHost.StyleImage(32));
        await host.UploadAsync(PipelineNames.InboxContainer, "photo.png", PipelineTestHost.ContentImage());

        await host.DropAsync("blend.json", """
            {"content": "inbox/photo.png", "styles": [{"name": "stripes", "weight": 0.7}, {"blob": "styles/other.png", "weight": 0.3}],
             "options": {"iterations": 2, "size": 32, "style_weight": 1e4}, "webhook": "https://example.test/hook"}
            """u8.ToArray());

        JobRecord job = await host.SingleJobAsync();
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(JobSourceKinds.Manifest, job.Source.Kind);
        Assert.Equal([0.7, 0.3], job.Styles.Select(s => s.Weight));
        Assert.Equal(1e4f, job.Options.StyleWeight);
        Assert.Equal("outbox/blend.png", job.Output);
        Assert.Equal("https://example.test/hook", job.Webhook.Url);
    }

    [Fact]
    public async Task Manifest_WithoutStyles_FailsWithInvalidManifest()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);

        await host.DropAsync("broken.json", """{"content": "inbox/photo.png"}"""u8.ToArray());

        JobRecord job = await host.SingleJobAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(JobErrorCodes.InvalidManifest, job.Error!.Code);
    }

    [Fact]
    public async Task NonImageDrop_IsIgnored()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);

        await host.DropAsync("stripes/notes.txt", "hello"u8.ToArray());

        Assert.Empty(await host.Jobs.ListRecentAsync(10));
    }
}
