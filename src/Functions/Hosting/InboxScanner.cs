using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// Event Grid for the local host: lists the inbox every few seconds and puts one BlobCreated event on the inbox queue
/// per new upload. An upload is keyed by (name, ETag), so re-uploading a name is new. Before enqueueing, the scanner
/// creates a marker blob named by the key's SHA-256 with <c>If-None-Match: *</c>; only the scanner whose create wins
/// enqueues, so a restart or a second host on the same account never enqueues an upload twice.
/// </summary>
public sealed class InboxScanner(IBlobStore blobs, IQueue inboxQueue, InboxScannerOptions options, ILogger<InboxScanner> logger, TimeProvider? clock = null)
    : BackgroundService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    // Keys this process already settled, to spare a marker request per blob per scan.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Scanning container {Inbox} every {Interval} for new uploads", options.InboxContainer, options.Interval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
                {
                    logger.LogWarning("Inbox scan failed: {Error}", e.Message);
                }

                await Task.Delay(options.Interval, _clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the inbox; returns how many events it enqueued.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        int enqueued = 0;
        await foreach (BlobItem blob in blobs.ListBlobsAsync(options.InboxContainer, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string key = Key(blob);
            if (_seen.Contains(key))
            {
                continue;
            }

            var marker = new BlobUploadOptions
            {
                ContentType = "text/plain",
                Conditions = BlobConditions.IfNotExists,
                Metadata = new Dictionary<string, string> { ["etag"] = blob.ETag.ToString().Trim('"') },
            };
            BlobWriteResult created = await blobs.UploadAsync(
                options.MarkerContainer, options.MarkerPrefix + key, BinaryData.FromString(blob.Name), marker, cancellationToken).ConfigureAwait(false);
            if (created.Succeeded)
            {
                var eventId = new Guid(Convert.FromHexString(key.AsSpan(0, 32)));
                var message = BlobCreatedEvent.Create(eventId.ToString(), options.BlobEndpoint, options.AccountName, options.InboxContainer, blob, _clock.GetUtcNow());
                await inboxQueue.SendMessageAsync(BinaryData.FromString(message.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("New upload {Blob} ({ETag}) announced on {Queue}", blob.Name, blob.ETag, inboxQueue.Name);
                enqueued++;
            }

            _seen.Add(key);
        }

        return enqueued;
    }

    /// <summary>SHA-256 hex of name and ETag: the identity of one upload.</summary>
    public static string Key(BlobItem blob) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{blob.Name}\n{blob.ETag}")));
}
