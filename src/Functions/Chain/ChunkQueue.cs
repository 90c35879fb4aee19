using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary>Enqueues chunk messages on <c>nst-chunks</c>.</summary>
public sealed class ChunkQueue(PipelineResources resources)
{
    public Task EnqueueAsync(string jobId, int chunk, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        resources.Queue(PipelineNames.ChunksQueue).SendMessageAsync(new ChunkMessage(jobId, chunk).ToBinaryData(), delay, cancellationToken: cancellationToken);
}
