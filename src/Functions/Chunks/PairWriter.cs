using System.Buffers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nst.Engine.Checkpoints;
using Nst.Functions.Jobs;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>
/// Writes a job's new L-BFGS pairs: each pair is serialised into a pooled buffer and uploaded, write-once, a few at
/// a time. A pair
/// already stored is never written again, whichever chunk or worker made it. Pooled buffers matter: a pair is 6 MB
/// at 512², and a fresh large array per pair kept the garbage collector busy beside the optimisation (measured:
/// ~0.1 s of CPU per iteration at 256²).
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

            while (_inFlight.Count >= maxInFlight)
            {
                _bytes += await _inFlight.Dequeue().ConfigureAwait(false);
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent((8 * pair.Y.Length) + 1024);
            int length;
            using (var stream = new MemoryStream(buffer, writable: true))
            {
                CheckpointPairs.WritePair(pair, stream);
                length = (int)stream.Position;
            }

            BlobClient blob = jobs.GetBlobClient(JobPaths.Pair(jobId, pair.Key));
            _inFlight.Enqueue(UploadAsync(blob, buffer, length, cancellationToken));
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

    private static async Task<long> UploadAsync(BlobClient blob, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            return await BlobWrites.CreateAsync(blob, new BinaryData(buffer.AsMemory(0, length)), new BlobHttpHeaders { ContentType = "application/octet-stream" }, cancellationToken: cancellationToken).ConfigureAwait(false)
                ? length
                : 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
