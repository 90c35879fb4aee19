using Nst.Engine.Session;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chunks;

/// <summary>
/// A job's session built from storage — for a worker that does not hold it in memory: the inputs and weights, the
/// session on this worker's device, and the checkpoint it resumes (its core and the L-BFGS pairs it names).
/// </summary>
public sealed class SessionLoader(ChunkInputLoader inputs, CheckpointStore checkpoints, ComputeDevice device)
{
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
