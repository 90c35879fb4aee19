using System.Text.Json.Nodes;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// An Event Grid <c>Microsoft.Storage.BlobCreated</c> event in the shape Event Grid's storage-queue handler writes:
/// one event object per message. The local scanner makes these for what Azurite cannot announce.
/// </summary>
public static class BlobCreatedEvent
{
    public const string EventType = "Microsoft.Storage.BlobCreated";

    /// <param name="eventId">Stable per (blob, ETag), so duplicates are recognisable downstream.</param>
    /// <param name="blobEndpoint">The account's blob endpoint, for <c>data.url</c>.</param>
    public static JsonObject Create(string eventId, Uri blobEndpoint, string accountName, string container, BlobItem blob, DateTimeOffset eventTime)
    {
        ArgumentNullException.ThrowIfNull(blob);
        string endpoint = blobEndpoint.AbsoluteUri.TrimEnd('/');
        string blobUrl = $"{endpoint}/{container}/{Uri.EscapeDataString(blob.Name).Replace("%2F", "/", StringComparison.Ordinal)}";
        return new JsonObject
        {
            ["id"] = eventId,
            ["topic"] = $"/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{accountName}",
            ["subject"] = $"/blobServices/default/containers/{container}/blobs/{blob.Name}",
            ["eventType"] = EventType,
            ["eventTime"] = eventTime.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["clientRequestId"] = eventId,
                ["requestId"] = eventId,
                ["eTag"] = blob.ETag.ToString(),
                ["contentType"] = blob.ContentType ?? "application/octet-stream",
                ["contentLength"] = blob.ContentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = blobUrl,
                ["sequencer"] = (blob.LastModified ?? eventTime).UtcTicks.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
                ["storageDiagnostics"] = new JsonObject { ["batchId"] = eventId },
            },
            ["dataVersion"] = string.Empty,
            ["metadataVersion"] = "1",
        };
    }
}
