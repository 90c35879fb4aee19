using Microsoft.Extensions.Logging;
using Nst.Functions.Drops;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary><c>ProcessInbox</c>: turns each BlobCreated event on <c>nst-inbox</c> into a job (or ignores it).</summary>
public sealed class ProcessInboxFunction(DropHandler drops, ILogger<ProcessInboxFunction> logger) : IQueueFunction
{
    public const string FunctionName = "ProcessInbox";

    public string Name => FunctionName;

    public string QueueName => PipelineNames.InboxQueue;

    public async Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        BlobCreatedEvent blobEvent;
        try
        {
            blobEvent = BlobCreatedEvent.Parse(message.Body);
        }
        catch (FormatException e)
        {
            // Retrying cannot make it parse; complete it.
            logger.LogWarning("Message {MessageId} on nst-inbox is not a BlobCreated event ({Reason}); dropping it", message.Id, e.Message);
            return;
        }

        await drops.HandleAsync(blobEvent, cancellationToken).ConfigureAwait(false);
    }
}
