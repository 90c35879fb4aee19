using Nst.Functions.Chunks;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Chunks;

/// <summary>
/// The chunk activity against Azurite: however a run is cut into chunks, whichever worker (warm or cold) runs them,
/// and however often one is run again, the final image is the same bits; pairs are written once; superseded
/// checkpoints go.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChunkRunnerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_CutIntoChunksWarmOrCold_EndsBitIdenticalToOneChunk()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var whole = await ChunkJob.CreateAsync(services);
        await whole.RunToEndAsync([12]);
        var warm = await ChunkJob.CreateAsync(services);
        await warm.RunToEndAsync([3, 4, 5]);
        var cold = await ChunkJob.CreateAsync(services);
        await cold.RunToEndAsync([1, 5, 2, 4], cold: true);

        float[] expected = await whole.ImageAsync();
        Assert.Single(whole.Outcomes);
        Assert.Equal(3, warm.Outcomes.Count);
        Assert.Equal(4, cold.Outcomes.Count);
        float[] warmImage = await warm.ImageAsync();
        float[] coldImage = await cold.ImageAsync();
        Assert.True(expected.AsSpan().SequenceEqual(warmImage), "warm chunks 3+4+5 differ from one chunk of 12");
        Assert.True(expected.AsSpan().SequenceEqual(coldImage), "cold chunks 1+5+2+4 differ from one chunk of 12");
        Assert.All(warm.Outcomes.Skip(1), o => Assert.True(o.Warm && o.BytesRead == 0, "a chunk after one on the same worker reads nothing"));
        Assert.All(cold.Outcomes.Skip(1), o => Assert.True(!o.Warm && o.BytesRead > 0, "a cold chunk reads its checkpoint"));
        Assert.Equal(whole.Outcomes[^1].Losses, warm.Outcomes[^1].Losses);
    }

    [Fact]
    public async Task RunAsync_ExecutedTwice_AnswersFromItsCheckpointWithoutWriting()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services);
        await job.RunAsync(4);
        ChunkRequest second = job.NextRequest(5);
        ChunkOutcome first = await services.Get<ChunkRunner>().RunAsync(second);

        // The worker that recorded nothing (its reply lost) runs it again, cold, once its upload has ended.
        await services.Get<SessionCache>().TakeAsync("", null);
        IReadOnlyList<string> blobs = await services.ListAsync(PipelineNames.JobsContainer, job.Spec.Id + "/state/");
        ChunkOutcome again = await services.Get<ChunkRunner>().RunAsync(second);

        Assert.Equal(first.Checkpoint, again.Checkpoint);
        Assert.Equal(first.Iteration, again.Iteration);
        Assert.Equal(first.Losses, again.Losses);
        Assert.Equal(first.History, again.History);
        Assert.Equal(0, again.BytesWritten);
        Assert.Equal(blobs, await services.ListAsync(PipelineNames.JobsContainer, job.Spec.Id + "/state/"));
    }

    [Fact]
    public async Task RunAsync_RerunAfterItsCheckpointIsLost_WritesTheSameBytes()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services);
        await job.RunAsync(3);
        ChunkRequest second = job.NextRequest(4);
        ChunkOutcome first = await services.Get<ChunkRunner>().RunAsync(second);
        await services.Get<SessionCache>().TakeAsync("", null); // lets its upload end
        var core = services.Storage.Blob(BlobPath.Parse(first.Checkpoint!));
        byte[] written = (await core.DownloadContentAsync()).Value.Content.ToArray();
        await core.DeleteAsync();

        ChunkOutcome again = await services.Get<ChunkRunner>().RunAsync(second);
        await services.Get<SessionCache>().TakeAsync("", null);

        Assert.Equal(first.Checkpoint, again.Checkpoint);
        Assert.Equal(written, (await core.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(first.Losses, again.Losses);
    }

    [Fact]
    public async Task RunAsync_Lbfgs_WritesEachPairOnceAndDeletesWhatNoCheckpointNeeds()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [14] });
        await job.RunAsync(4);
        await job.RunAsync(4);
        long pairBytes = 2L * 4 * 3 * 40 * 29 + 100; // y and s of a 40×29 RGB image, plus a small header
        ChunkOutcome third = await job.RunAsync(4);
        await services.Get<SessionCache>().TakeAsync("", null); // lets its upload end

        // 4 steps make at most 4 pairs, so a chunk writes at most 4 pairs and a core (image, direction, gradient):
        // the previous chunk's, uploaded beside its steps (this one is the last: its own too).
        Assert.InRange(third.BytesWritten, 1, 2 * ((4 * pairBytes) + (4 * pairBytes)));
        IReadOnlyList<string> cores = await services.ListAsync(PipelineNames.JobsContainer, job.Spec.Id + "/state/");
        Assert.Equal([BlobPath.Parse(job.Outcomes[1].Checkpoint!).Name, BlobPath.Parse(job.Outcomes[2].Checkpoint!).Name], cores);
        IReadOnlyList<string> pairs = await services.ListAsync(PipelineNames.JobsContainer, JobPaths.PairsFolder(job.Spec.Id));
        Assert.InRange(pairs.Count, 1, 11); // pairs 0…10 at most after 12 steps (the first step makes none)
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_NotLastChunk_AnswersBeforeItsCheckpointIsWrittenAndTheNextChunkAwaitsIt()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services);
        ChunkOutcome first = await job.RunAsync(4);
        Task<long>? pending = services.Get<SessionCache>().Peek()?.PendingWrite;

        ChunkOutcome second = await job.RunAsync(4);

        Assert.NotNull(pending);
        Assert.True(pending.IsCompletedSuccessfully, "the next chunk awaited the checkpoint it resumed");
        long uploaded = await pending;
        Assert.True(await services.Storage.Blob(BlobPath.Parse(first.Checkpoint!)).ExistsAsync());
        Assert.InRange(second.BytesWritten, uploaded, uploaded + 100_000); // its upload, and a preview
        Assert.True(first.BytesWritten < uploaded, "the first chunk counted only its preview");
    }

    [Fact]
    public async Task RunAsync_CheckpointNeverWrittenWhole_StepsOnFromTheOneBeforeBitIdentical()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var whole = await ChunkJob.CreateAsync(services);
        await whole.RunToEndAsync([12]);
        var job = await ChunkJob.CreateAsync(services);
        await job.RunAsync(3);
        ChunkOutcome lost = await job.RunAsync(4);
        await services.Get<SessionCache>().TakeAsync("", null);
        await services.Storage.Blob(BlobPath.Parse(lost.Checkpoint!)).DeleteAsync(); // its worker died uploading it
        services.Get<SessionLoader>().PendingWait = TimeSpan.FromSeconds(1);

        ChunkOutcome next = await job.RunAsync(3, cold: true);
        await job.RunToEndAsync([]);

        Assert.Equal(Enumerable.Range(8, 3), next.History.Select(h => h.Iteration));
        float[] expected = await whole.ImageAsync();
        float[] actual = await job.ImageAsync();
        Assert.True(expected.AsSpan().SequenceEqual(actual), "stepping on from the older checkpoint changed the result");
        Assert.Equal(whole.Outcomes[^1].Losses, job.Outcomes[^1].Losses);
    }

    [Fact]
    public async Task RunAsync_ContentMissing_ReturnsInputNotFoundWithoutThrowing()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services);
        await services.Storage.Blob(BlobPath.Parse(job.Spec.Content!)).DeleteAsync();

        ChunkOutcome outcome = await services.Get<ChunkRunner>().RunAsync(job.NextRequest(3));

        Assert.Equal(JobErrorCodes.InputNotFound, outcome.Error?.Code);
    }

    [Fact]
    public async Task RunAsync_LossBecomesNaN_ReturnsDivergedWithoutThrowingOrWriting()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var job = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [12], LearningRate = 1e30f });

        ChunkOutcome outcome = await services.Get<ChunkRunner>().RunAsync(job.NextRequest(12));

        Assert.Equal(JobErrorCodes.Diverged, outcome.Error?.Code);
        Assert.Contains("diverged", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Null(outcome.Checkpoint);
    }

    [Fact]
    public async Task RunAsync_WorkerWaitsBetweenChunks_StepsAheadAndEndsBitIdentical()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var whole = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [30] });
        await whole.RunToEndAsync([30]);
        var ahead = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [30] });
        ahead.ChunkSeconds = 4; // steps ahead for up to 1 s between chunks

        await ahead.RunAsync(3);
        await Task.Delay(1500); // the orchestration's round trip
        ChunkOutcome second = await ahead.RunAsync(20);
        await ahead.RunToEndAsync([]);

        Assert.True(second.Warm, "the session stepped ahead and was taken warm");
        Assert.Equal(Enumerable.Range(4, 20), second.History.Select(h => h.Iteration));
        float[] expected = await whole.ImageAsync();
        float[] actual = await ahead.ImageAsync();
        Assert.True(expected.AsSpan().SequenceEqual(actual), "stepping ahead changed the result");
        Assert.Equal(whole.Outcomes[^1].Losses, ahead.Outcomes[^1].Losses);
    }

    [Fact]
    public async Task RunAsync_SteppedAheadPastAShortChunk_ReloadsAndStaysBitIdentical()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var whole = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [20] });
        await whole.RunToEndAsync([20]);
        var ahead = await ChunkJob.CreateAsync(services, JobOptions.PipelineDefaults with { Size = 40, Iterations = [20] });
        ahead.ChunkSeconds = 4;

        await ahead.RunAsync(3);
        await Task.Delay(1500);
        ChunkOutcome shorter = await ahead.RunAsync(1); // fewer than it stepped ahead: it cannot step back
        await ahead.RunToEndAsync([]);

        Assert.False(shorter.Warm);
        Assert.Equal([4], shorter.History.Select(h => h.Iteration));
        float[] expected = await whole.ImageAsync();
        float[] actual = await ahead.ImageAsync();
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }
}
