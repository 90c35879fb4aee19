using System.Text;
using Azure.Core;

namespace Nst.Functions.Storage;

/// <summary>
/// The SharedKey string-to-sign for the Blob and Queue services (version 2015-02-21 and later):
/// VERB, eleven standard headers (Content-Length empty when zero), the canonicalized <c>x-ms-*</c> headers, then the
/// canonicalized resource <c>/{account}{path}</c> with each query parameter as <c>\nname:v1,v2</c>.
/// Azurite's path-style URLs carry the account in the path too, so they sign <c>/account/account/…</c>.
/// </summary>
internal static class SharedKeyStringToSign
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public static string Build(Request request, string accountName)
    {
        var text = new StringBuilder(256);
        text.Append(request.Method.Method).Append('\n');
        foreach (string name in StandardHeaders)
        {
            text.Append(name == "Content-Length" ? ContentLength(request) : Header(request, name)).Append('\n');
        }

        AppendCanonicalizedHeaders(text, request);
        AppendCanonicalizedResource(text, request.Uri.ToUri(), accountName);
        return text.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out string? value) ? value : string.Empty;

    // The transport sets Content-Length from the content, so it is computed the same way here.
    private static string ContentLength(Request request) =>
        request.Content is not null && request.Content.TryComputeLength(out long length) && length > 0
            ? length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Empty;

    private static void AppendCanonicalizedHeaders(StringBuilder text, Request request)
    {
        var headers = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder text, Uri uri, string accountName)
    {
        text.Append('/').Append(accountName).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        string query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return;
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Name: Uri.UnescapeDataString(kv[0]).ToLowerInvariant(),
                Value: kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            var values = group.Select(p => p.Value).OrderBy(v => v, StringComparer.Ordinal);
            text.Append('\n').Append(group.Key).Append(':').AppendJoin(',', values);
        }
    }
}
