using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Drops;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// Event Grid for the local host (Azurite has none): lists the inbox every few seconds and hands each upload not seen
/// yet — keyed by name and ETag, so a re-upload is new — to <see cref="DropStarter"/>, which starts its job at most
/// once whatever process asks. After a restart every upload is looked at once more and found started.
/// </summary>
public sealed class InboxScanner(PipelineStorage storage, DropStarter starter, DurableTaskClient client, DurableSidecar engine, LocalHostOptions options, ILogger<InboxScanner> logger)
    : BackgroundService
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Scanning {Inbox} every {Interval} for new uploads", storage.Container(PipelineNames.InboxContainer).Name, options.ScanInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Until the engine runs (storage reachable, task hub made) there is nothing to start jobs on.
                    if (engine.IsRunning)
                    {
                        await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage or the durable engine not reachable: the next scan tries again.
                    logger.LogWarning("Inbox scan failed: {Error}", StorageErrors.Describe(e));
                }

                await Task.Delay(options.ScanInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the inbox; returns how many uploads it handed on.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        int handed = 0;
        var inbox = storage.Container(PipelineNames.InboxContainer);
        await foreach (BlobItem blob in inbox.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string key = $"{blob.Name}\n{blob.Properties.ETag}";
            if (_seen.Contains(key))
            {
                continue;
            }

            try
            {
                await starter.StartAsync(client, inbox.Name, blob.Name, blob.Properties.ETag?.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One upload that cannot be started now must not hold up the ones listed after it; it is tried again next pass.
                logger.LogWarning("Could not start a job for inbox/{Blob} yet: {Error}", Jobs.Quote.Short(blob.Name), StorageErrors.Describe(e));
                continue;
            }

            _seen.Add(key);
            handed++;
        }

        return handed;
    }
}
