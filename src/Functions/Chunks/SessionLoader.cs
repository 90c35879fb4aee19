using Nst.Engine.Session;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chunks;

/// <summary>
/// A job's session built from storage — for a worker that does not hold it in memory: the inputs and weights, the
/// session on this worker's device, and the checkpoint it resumes (its core and the L-BFGS pairs it names).
/// </summary>
public sealed class SessionLoader(ChunkInputLoader inputs, CheckpointStore checkpoints, ComputeDevice device, ILogger<SessionLoader> logger)
{
    /// <summary>
    /// How long a chunk waits for the checkpoint it resumes to appear: the worker that ran the previous chunk may
    /// still be uploading it (it uploads beside its next steps). Past this, that worker is taken for dead.
    /// </summary>
    public TimeSpan PendingWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The session at <paramref name="checkpoint"/> — or, when that checkpoint was never written whole (its worker
    /// died while uploading it), at the newest older checkpoint of the job that reads, else at the start. The engine
    /// is deterministic, so stepping on from there reaches the lost checkpoint's state exactly. The caller owns it.
    /// </summary>
    public async Task<(CachedSession Session, long BytesRead)> LoadNearestAsync(JobSpec spec, string? checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (checkpoint is null || await checkpoints.WaitForCoreAsync(checkpoint, PendingWait, cancellationToken).ConfigureAwait(false))
        {
            return await LoadAsync(spec, checkpoint, cancellationToken).ConfigureAwait(false);
        }

        int reached = JobPaths.IterationOfState(BlobPath.Parse(checkpoint).Name);
        foreach (string name in await checkpoints.ListCoresAsync(spec.Id, cancellationToken).ConfigureAwait(false))
        {
            if (JobPaths.IterationOfState(name) > reached)
            {
                continue;
            }

            try
            {
                logger.LogWarning("Checkpoint {Checkpoint} of {JobId} was never written whole; resuming {Older} and stepping on to it", checkpoint, spec.Id, name);
                return await LoadAsync(spec, JobPaths.Reference(name), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                logger.LogWarning("Checkpoint {Older} of {JobId} does not read either: {Message}", name, spec.Id, e.Message);
            }
        }

        logger.LogWarning("No checkpoint of {JobId} before {Checkpoint} reads; starting it again", spec.Id, checkpoint);
        return await LoadAsync(spec, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session at <paramref name="checkpoint"/> (none: at the start); the caller owns it. Also the bytes read.</summary>
    public async Task<(CachedSession Session, long BytesRead)> LoadAsync(JobSpec spec, string? checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ChunkInputs loaded = await inputs.LoadAsync(spec, cancellationToken).ConfigureAwait(false);
        long bytes = loaded.BytesRead;
        var session = StyleTransfer.Create(loaded.Options, loaded.Weights.Convs, loaded.Content, loaded.Styles, ModelProvider.PreprocessOf(loaded.Weights), device.Backend);
        var entry = new CachedSession(spec.Id, session, loaded);
        try
        {
            entry.StoredPairs = await checkpoints.ListPairsAsync(spec.Id, cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null)
            {
                var (state, read) = await checkpoints.ReadAsync(checkpoint, cancellationToken).ConfigureAwait(false);
                bytes += read;
                session.Resume(state);
                entry.Checkpoint = checkpoint;
                entry.CheckpointKeys = CheckpointStore.KeysOf(state).ToList();
            }

            return (entry, bytes);
        }
        catch
        {
            entry.Dispose();
            throw;
        }
    }
}
