using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Nst.Functions.Drops;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting.Azure;

/// <summary>
/// The drop trigger: Event Grid puts each inbox BlobCreated event on the <c>nst-inbox</c> queue (no function key to
/// hand to Event Grid, so <c>azd up</c> wires it alone; see docs/deploy.md), and this starts the upload's job. A message
/// that is not a BlobCreated event is logged and consumed — retrying cannot fix it.
/// </summary>
public sealed class DropTrigger(DropStarter starter, ILogger<DropTrigger> logger)
{
    public const string FunctionName = "DropTrigger";

    [Function(FunctionName)]
    public async Task RunAsync(
        [QueueTrigger(PipelineNames.InboxQueue, Connection = StorageSettings.ConnectionName)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        BlobCreatedEvent blobEvent;
        try
        {
            blobEvent = BlobCreatedEvent.Parse(BinaryData.FromString(message ?? ""));
        }
        catch (FormatException e)
        {
            logger.LogError("Ignoring a message on {Queue} that is not a BlobCreated event: {Error}", PipelineNames.InboxQueue, e.Message);
            return;
        }

        await starter.StartAsync(client, blobEvent.Container, blobEvent.BlobName, blobEvent.ETag, context?.CancellationToken ?? default).ConfigureAwait(false);
    }
}
