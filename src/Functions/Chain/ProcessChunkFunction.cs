using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary><c>ProcessChunk</c>: runs one chunk of a job for each <c>nst-chunks</c> message <c>{"jobId","chunk"}</c>.</summary>
public sealed class ProcessChunkFunction(ChunkRunner runner, ILogger<ProcessChunkFunction> logger) : IQueueFunction
{
    public const string FunctionName = "ProcessChunk";

    public string Name => FunctionName;

    public string QueueName => PipelineNames.ChunksQueue;

    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ChunkMessage.TryParse(message.Body) is not { } chunk)
        {
            // Retrying cannot make it parse; complete it.
            logger.LogWarning("Message {MessageId} on nst-chunks is not a chunk message; dropping it", message.Id);
            return Task.CompletedTask;
        }

        return runner.RunAsync(chunk, message.DequeueCount, cancellationToken);
    }
}
