using System.Globalization;
using Azure;

namespace Nst.Functions.Storage;

/// <summary>Reads blob properties from response headers.</summary>
internal static class BlobHeaderReader
{
    public static BlobProperties Properties(Response response)
    {
        long length = response.Headers.ContentLength ?? 0;
        // A range response's Content-Range ("bytes 0-99/1000") carries the whole blob's length.
        if (response.Headers.TryGetValue("Content-Range", out string? range) && range.LastIndexOf('/') is int slash and > 0
            && long.TryParse(range.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long total))
        {
            length = total;
        }

        response.Headers.TryGetValue("Content-Type", out string? contentType);
        response.Headers.TryGetValue(StorageHeaders.LeaseState, out string? leaseState);
        response.Headers.TryGetValue(StorageHeaders.LeaseStatus, out string? leaseStatus);
        return new BlobProperties(length, contentType, response.Headers.ETag ?? default, LastModified(response),
            Metadata(response), leaseState, leaseStatus);
    }

    public static Dictionary<string, string> Metadata(Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(StorageHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[StorageHeaders.MetadataPrefix.Length..]] = header.Value;
            }
        }

        return metadata;
    }

    public static DateTimeOffset? LastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out string? value) ? ParseDate(value) : null;

    public static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue(StorageHeaders.ErrorCode, out string? code) ? code : null;

    public static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
}
