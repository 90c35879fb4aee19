using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using Azure;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>
/// Uploads a stream of any length with bounded memory: content that fits one block goes up in a single Put Blob;
/// longer content is read block by block into at most MaxConcurrency + 1 pooled buffers, staged with Put Block
/// (MaxConcurrency at a time) and committed with Put Block List, which is where the preconditions apply.
/// </summary>
internal sealed class BlockBlobUploader(HttpPipeline pipeline, BlobRequestFactory requests)
{
    public async Task<BlobWriteResult> UploadAsync(string container, string name, Stream content, BlobUploadOptions options,
        StorageTransferOptions transfer, CancellationToken cancellationToken)
    {
        int blockSize = transfer.BlockSize;
        ArrayPool<byte> buffers = ArrayPool<byte>.Create(blockSize, transfer.MaxConcurrency + 1);
        using var slots = new SemaphoreSlim(transfer.MaxConcurrency + 1);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        byte[] current = buffers.Rent(blockSize);
        int currentCount = await FillAsync(content, current, blockSize, cancellationToken).ConfigureAwait(false);
        if (currentCount < blockSize)
        {
            return await PutSingleAsync(container, name, current, currentCount, options, buffers, cancellationToken).ConfigureAwait(false);
        }

        string uploadId = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var staging = new List<Task>();
        try
        {
            while (true)
            {
                await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                byte[] next = buffers.Rent(blockSize);
                int nextCount = await FillAsync(content, next, blockSize, failed.Token).ConfigureAwait(false);
                if (blockIds.Count == 0 && nextCount == 0)
                {
                    buffers.Return(next);
                    return await PutSingleAsync(container, name, current, currentCount, options, buffers, cancellationToken).ConfigureAwait(false);
                }

                string blockId = BlockId(uploadId, blockIds.Count);
                blockIds.Add(blockId);
                staging.Add(StageAsync(container, name, blockId, current, currentCount, options.Conditions?.LeaseId, buffers, slots, failed));
                if (nextCount == 0)
                {
                    buffers.Return(next);
                    break;
                }

                (current, currentCount) = (next, nextCount);
            }

            await Task.WhenAll(staging).ConfigureAwait(false);
        }
        catch when (staging.Count > 0)
        {
            // Stop the other blocks and wait for them, then report the block's own failure rather than the
            // cancellation it caused in the reading loop.
            await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(staging).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            Exception? blockError = staging
                .Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (blockError is not null && !cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(blockError);
            }

            throw;
        }

        using var commit = requests.PutBlockList(container, name, blockIds, options);
        Response response = await pipeline.SendRequestAsync(commit, cancellationToken).ConfigureAwait(false);
        return BlobStore.WriteResult(response, options.Conditions);
    }

    private async Task<BlobWriteResult> PutSingleAsync(string container, string name, byte[] buffer, int count,
        BlobUploadOptions options, ArrayPool<byte> buffers, CancellationToken cancellationToken)
    {
        try
        {
            using var message = requests.PutBlob(container, name, buffer.AsMemory(0, count), options);
            Response response = await pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
            return BlobStore.WriteResult(response, options.Conditions);
        }
        finally
        {
            buffers.Return(buffer);
        }
    }

    private async Task StageAsync(string container, string name, string blockId, byte[] buffer, int count, string? leaseId,
        ArrayPool<byte> buffers, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            using var message = requests.PutBlock(container, name, blockId, buffer.AsMemory(0, count), leaseId);
            Response response = await pipeline.SendRequestAsync(message, failed.Token).ConfigureAwait(false);
            if (response.Status != 201)
            {
                throw new RequestFailedException(response);
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            buffers.Return(buffer);
            slots.Release();
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < size)
        {
            int read = await content.ReadAsync(buffer.AsMemory(filled, size - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    // Block ids must all have the same length within a blob; the upload id keeps concurrent uploads apart.
    private static string BlockId(string uploadId, int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{index:D6}"));
}
