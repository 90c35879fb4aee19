using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nst.Engine.Checkpoints;
using Nst.Functions.Jobs;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>
/// Writes a job's new L-BFGS pairs while the optimisation goes on: each pair is serialised at once (the optimizer
/// reuses its arrays later) and uploaded in the background, write-once, a few at a time. A pair already stored is
/// never written again, whichever chunk or worker made it.
/// </summary>
public sealed class PairWriter(BlobContainerClient jobs, string jobId, ISet<string> stored, int maxInFlight = 4)
{
    private readonly Queue<Task<long>> _inFlight = new();
    private long _bytes;

    /// <summary>Starts uploading the pairs not stored yet; waits only when <c>maxInFlight</c> uploads are already running.</summary>
    public async Task OfferAsync(IEnumerable<CurvaturePair> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (CurvaturePair pair in pairs)
        {
            if (!stored.Add(pair.Key))
            {
                continue;
            }

            using var buffer = new MemoryStream(capacity: 8 * pair.Y.Length + 256);
            CheckpointPairs.WritePair(pair, buffer);
            var content = new BinaryData(buffer.ToArray());
            while (_inFlight.Count >= maxInFlight)
            {
                _bytes += await _inFlight.Dequeue().ConfigureAwait(false);
            }

            BlobClient blob = jobs.GetBlobClient(JobPaths.Pair(jobId, pair.Key));
            _inFlight.Enqueue(UploadAsync(blob, content, cancellationToken));
        }
    }

    /// <summary>Waits for every upload; returns the bytes this writer wrote.</summary>
    public async Task<long> CompleteAsync()
    {
        while (_inFlight.Count > 0)
        {
            _bytes += await _inFlight.Dequeue().ConfigureAwait(false);
        }

        return _bytes;
    }

    private static async Task<long> UploadAsync(BlobClient blob, BinaryData content, CancellationToken cancellationToken) =>
        await BlobWrites.CreateAsync(blob, content, new BlobHttpHeaders { ContentType = "application/octet-stream" }, cancellationToken: cancellationToken).ConfigureAwait(false)
            ? content.ToMemory().Length
            : 0;
}
