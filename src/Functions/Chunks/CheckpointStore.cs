using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nst.Engine;
using Nst.Engine.Checkpoints;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>
/// A job's checkpoints in the jobs container: per checkpoint a core, <c>jobs/{id}/state/{iteration}.safetensors</c>
/// (image, optimizer vectors and scalars, and the chunk's outcome in its metadata), and once per L-BFGS pair
/// <c>jobs/{id}/pairs/{scale}-{number}.safetensors</c>, which cores name by number. Everything is written once.
/// </summary>
public sealed class CheckpointStore(PipelineStorage storage)
{
    private const string OutcomeKey = "chunk_outcome";

    public BlobContainerClient Jobs => storage.Container(PipelineNames.JobsContainer);

    /// <summary>The keys of the pairs stored for a job.</summary>
    public async Task<HashSet<string>> ListPairsAsync(string jobId, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string folder = JobPaths.PairsFolder(jobId);
        await foreach (BlobItem item in Jobs.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Path.GetFileNameWithoutExtension(item.Name[folder.Length..]));
        }

        return keys;
    }

    /// <summary>
    /// A core serialised for writing, and its blob name: its metadata carries <paramref name="outcome"/> — without
    /// timings, so a re-run writes the same bytes — so that a re-run of the chunk can answer without running.
    /// </summary>
    public static (string Name, BinaryData Bytes) SerializeCore(string jobId, Checkpoint core, ChunkOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(outcome);
        Checkpoint stamped = core with
        {
            Extra = new Dictionary<string, string>(core.Extra) { [OutcomeKey] = JsonSerializer.Serialize(outcome with { Checkpoint = null, StepSeconds = 0, SecondsPerIteration = 0, RunSeconds = 0, BytesWritten = 0, BytesRead = 0, Warm = false }, JobJson.Options) },
        };
        using var buffer = new MemoryStream();
        stamped.WriteTo(buffer);
        return (JobPaths.State(jobId, core.Iteration), new BinaryData(buffer.ToArray()));
    }

    /// <summary>The job's stored cores, newest (highest iteration) first.</summary>
    public async Task<List<string>> ListCoresAsync(string jobId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (BlobItem item in Jobs.GetBlobsAsync(new GetBlobsOptions { Prefix = JobPaths.StateFolder(jobId) }, cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        // Names carry the iteration zero-padded, so their order is the iterations'.
        names.Sort(StringComparer.Ordinal);
        names.Reverse();
        return names;
    }

    /// <summary>Whether the core of <paramref name="reference"/> exists, asking until it does or <paramref name="wait"/> has passed.</summary>
    public async Task<bool> WaitForCoreAsync(string reference, TimeSpan wait, CancellationToken cancellationToken)
    {
        BlobClient blob = Jobs.GetBlobClient(BlobPath.Parse(reference).Name);
        DateTime deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (await blob.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The outcome recorded in a core, or null when that core does not exist.</summary>
    public async Task<ChunkOutcome?> ReadOutcomeAsync(string jobId, int iteration, CancellationToken cancellationToken)
    {
        string name = JobPaths.State(jobId, iteration);
        if (await BlobWrites.ReadIfExistsAsync(Jobs.GetBlobClient(name), cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return null;
        }

        using Stream stream = bytes.ToStream();
        Checkpoint core = Checkpoint.Read(stream, name);
        return core.Extra.TryGetValue(OutcomeKey, out string? json) && JsonSerializer.Deserialize<ChunkOutcome>(json, JobJson.Options) is { } outcome
            ? outcome with { Checkpoint = JobPaths.Reference(name) }
            : throw new InvalidDataException($"Checkpoint {name} has no recorded outcome.");
    }

    /// <summary>
    /// A whole checkpoint: its core and the pairs it names (read in parallel); and the bytes read. A checkpoint that
    /// does not read is the pipeline's own fault, never the user's: it is an <see cref="InvalidDataException"/>, which
    /// the chunk's retries meet (and end as <c>chunk_failed</c>), not an invalid-input error.
    /// </summary>
    public async Task<(Checkpoint Checkpoint, long Bytes)> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadCheckedAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (NstException e)
        {
            throw new InvalidDataException($"Checkpoint {reference} does not read: {e.Message}", e);
        }
    }

    private async Task<(Checkpoint Checkpoint, long Bytes)> ReadCheckedAsync(string reference, CancellationToken cancellationToken)
    {
        BlobPath path = BlobPath.Parse(reference);
        BinaryData coreBytes = (await Jobs.GetBlobClient(path.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        Checkpoint core;
        using (Stream stream = coreBytes.ToStream())
        {
            core = Checkpoint.Read(stream, reference);
        }

        string jobId = path.Name[..path.Name.IndexOf('/', StringComparison.Ordinal)];
        long bytes = coreBytes.ToMemory().Length;
        var needed = CheckpointPairs.Needed(core);
        var pairs = new CurvaturePair[needed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, needed.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            string key = CurvaturePair.KeyOf(needed[i].Scale, needed[i].Number);
            BinaryData data = (await Jobs.GetBlobClient(JobPaths.Pair(jobId, key)).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;
            using Stream stream = data.ToStream();
            pairs[i] = CheckpointPairs.ReadPair(stream, key);
            Interlocked.Add(ref bytes, data.ToMemory().Length);
        }).ConfigureAwait(false);
        return (CheckpointPairs.Join(core, pairs), bytes);
    }

    /// <summary>
    /// Deletes a superseded core and every stored pair that neither of the two newest checkpoints names. Called once
    /// the newer of them is written; the older one is what the orchestration last recorded, so nothing it could still
    /// ask for goes.
    /// </summary>
    public async Task DeleteSupersededAsync(string jobId, string? obsoleteCore, IEnumerable<string> keep, ISet<string> stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentNullException.ThrowIfNull(stored);
        if (obsoleteCore is not null)
        {
            await Jobs.GetBlobClient(BlobPath.Parse(obsoleteCore).Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var kept = new HashSet<string>(keep, StringComparer.Ordinal);
        foreach (string key in stored.Where(k => !kept.Contains(k)).ToList())
        {
            await Jobs.GetBlobClient(JobPaths.Pair(jobId, key)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            stored.Remove(key);
        }
    }

    /// <summary>The keys of the pairs a checkpoint names.</summary>
    public static IEnumerable<string> KeysOf(Checkpoint checkpoint) =>
        CheckpointPairs.Needed(checkpoint).Select(n => CurvaturePair.KeyOf(n.Scale, n.Number));
}
