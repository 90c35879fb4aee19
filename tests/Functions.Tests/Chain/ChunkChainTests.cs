using System.Diagnostics;
using Nst.Engine.Imaging;
using Nst.Functions.Chain;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.Chain;

/// <summary>The chunk chain against a real Azurite, with the random-feature model and tiny jobs (one iteration per chunk).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChunkChainTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Tiny = new() { ["nst_size"] = "48", ["nst_iterations"] = "6" };

    [Fact]
    public async Task Drop_TinyJob_RunsInSixChunksToOutboxWithReportAndWebhook()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        await host.UploadAsync(PipelineNames.StylesContainer, "stripes.png", PipelineTestHost.StyleImage());
        var clock = Stopwatch.StartNew();
        await host.DropAsync("stripes/holiday/photo.png", PipelineTestHost.ContentImage(), Tiny);

        int chunks = await host.PumpChunksAsync();
        output.WriteLine($"48 px, 6 iterations, {chunks} chunks: {clock.Elapsed.TotalSeconds:F2} s wall");

        JobRecord job = await host.SingleJobAsync();
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(6, chunks);
        Assert.Equal(6, job.Progress.Chunk);
        Assert.Equal(6, job.Progress.Iteration);
        Assert.Equal(6, job.Progress.History.Count);
        Assert.Null(job.Progress.Checkpoint);
        Assert.Equal("outbox/stripes/holiday/photo.png", job.Output);
        var result = ImageCodec.Decode((await host.Blobs.DownloadContentAsync(host.Resources.Container("outbox"), "stripes/holiday/photo.png")).Content.ToMemory().Span);
        Assert.Equal((48, 40), (result.Width, result.Height));
        var report = System.Text.Json.Nodes.JsonNode.Parse((await host.Blobs.DownloadContentAsync(host.Resources.Container("outbox"), "stripes/holiday/photo.json")).Content.ToString())!;
        Assert.Equal(6, (int)report["iterations"]!);
        Assert.Equal(48, (int)report["options"]!["size"]!);
        Assert.Equal("random:0", (string?)report["model"]);
        Assert.Equal(64, ((string)report["fingerprint"]!).Length);
        Assert.Empty(await host.ListAsync(PipelineNames.JobsContainer, $"{job.Id}/checkpoints/"));
        var webhook = Assert.Single(await host.DrainAsync(PipelineNames.WebhooksQueue));
        Assert.Equal($"msg_{job.Id}_succeeded", (string?)webhook["id"]);
        Assert.Equal("nst.job.succeeded", (string?)webhook["body"]!["type"]);
        Assert.Equal("outbox/stripes/holiday/photo.png", (string?)webhook["body"]!["data"]!["output"]);
    }

    [Fact]
    public async Task Job_SplitIntoChunks_EndsBitIdenticalToOneChunk()
    {
        byte[] split = await RunApiJobAsync(chunkSeconds: 0.001, expectedChunks: 3);
        byte[] whole = await RunApiJobAsync(chunkSeconds: 600, expectedChunks: 1);

        Assert.Equal(whole, split);
    }

    [Fact]
    public async Task DuplicateChunkMessage_AfterCommit_IsANoOpThatOnlyContinuesTheChain()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        JobRecord job = await SubmitAsync(host, iterations: 4);
        await host.DrainAsync(PipelineNames.ChunksQueue);
        await host.Runner.RunAsync(new ChunkMessage(job.Id, 0), dequeueCount: 1);
        StoredJob after = (await host.Store.GetAsync(job.Id))!;
        await host.DrainAsync(PipelineNames.ChunksQueue);

        await host.Runner.RunAsync(new ChunkMessage(job.Id, 0), dequeueCount: 2);

        StoredJob again = (await host.Store.GetAsync(job.Id))!;
        Assert.Equal(after.ETag, again.ETag);
        Assert.Equal(1, again.Record.Progress.Chunk);
        Assert.Equal([$"{job.Id}/checkpoints/00001.safetensors"], await host.ListAsync(PipelineNames.JobsContainer, $"{job.Id}/checkpoints/"));
        var next = Assert.Single(await host.DrainAsync(PipelineNames.ChunksQueue));
        Assert.Equal(1, (int)next["chunk"]!);
    }

    [Fact]
    public async Task TwoWorkers_SameChunkMessage_CommitItOnce()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite);
        await using var other = await PipelineTestHost.StartAsync(azurite, prefix: host.Resources.Prefix);
        JobRecord job = await SubmitAsync(host, iterations: 4);
        await host.DrainAsync(PipelineNames.ChunksQueue);

        // The second worker shares the account and prefix but has its own services, as a second host would.
        await Task.WhenAll(
            Task.Run(() => host.Runner.RunAsync(new ChunkMessage(job.Id, 0), 1)),
            Task.Run(() => other.Runner.RunAsync(new ChunkMessage(job.Id, 0), 1)));

        JobRecord record = (await host.Store.GetAsync(job.Id))!.Record;
        Assert.Equal(1, record.Progress.Chunk);
        Assert.Equal(1, record.Progress.Iteration);
        Assert.Single(record.Progress.History);
        Assert.Equal([$"{job.Id}/checkpoints/00001.safetensors"], await host.ListAsync(PipelineNames.JobsContainer, $"{job.Id}/checkpoints/"));
    }

    [Fact]
    public async Task ChunkThatKeepsThrowing_FailsTheJobOnTheLastAttemptWithAWebhook()
    {
        await using var host = await PipelineTestHost.StartAsync(azurite, model: "models/missing.safetensors", maxChunkAttempts: 3);
        JobRecord job = await SubmitAsync(host, iterations: 2);

        for (int attempt = 1; attempt < 3; attempt++)
        {
            await Assert.ThrowsAsync<Azure.RequestFailedException>(() => host.Runner.RunAsync(new ChunkMessage(job.Id, 0), attempt));
            Assert.Equal(attempt, (await host.Jobs.GetAsync(job.Id))!.Attempts.Failures);
        }

        await host.Runner.RunAsync(new ChunkMessage(job.Id, 0), 3);

        JobRecord failed = (await host.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(JobErrorCodes.ChunkFailed, failed.Error!.Code);
        var webhook = Assert.Single(await host.DrainAsync(PipelineNames.WebhooksQueue));
        Assert.Equal("nst.job.failed", (string?)webhook["body"]!["type"]);
        Assert.Equal(JobErrorCodes.ChunkFailed, (string?)webhook["body"]!["data"]!["error"]!["code"]);
    }

    private async Task<byte[]> RunApiJobAsync(double chunkSeconds, int expectedChunks)
    {
        await using var host = await PipelineTestHost.StartAsync(azurite, chunkSeconds);
        JobRecord job = await SubmitAsync(host, iterations: 3);
        Assert.Equal(expectedChunks, await host.PumpChunksAsync());
        Assert.Equal(JobStatus.Succeeded, (await host.Jobs.GetAsync(job.Id))!.Status);
        await using var result = (await host.Jobs.OpenResultAsync(job.Id))!;
        using var buffer = new MemoryStream();
        await result.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    internal static Task<JobRecord> SubmitAsync(PipelineTestHost host, int iterations) => host.Jobs.SubmitAsync(new JobSubmission
    {
        Content = BinaryData.FromBytes(PipelineTestHost.ContentImage()),
        ContentFileName = "photo.png",
        Styles = [JobStyleInput.FromImage(BinaryData.FromBytes(PipelineTestHost.StyleImage()), "style.png")],
        Options = new Dictionary<string, string> { ["size"] = "48", ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    });
}
