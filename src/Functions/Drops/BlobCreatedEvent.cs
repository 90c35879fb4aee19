using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nst.Functions.Drops;

/// <summary>
/// The parts of an Event Grid <c>Microsoft.Storage.BlobCreated</c> event the pipeline uses: the (real) container and
/// blob name from the subject <c>/blobServices/default/containers/{container}/blobs/{name}</c>, and the upload's ETag.
/// </summary>
public sealed record BlobCreatedEvent(string Id, string Container, string BlobName, string? ETag, DateTimeOffset? EventTime)
{
    public const string EventType = "Microsoft.Storage.BlobCreated";
    private const string SubjectContainers = "/blobServices/default/containers/";
    private const string SubjectBlobs = "/blobs/";

    /// <summary>
    /// Parses a queue message body: one event object, or an array holding one; plain JSON or base64 of it. Throws a
    /// <see cref="FormatException"/> naming what is wrong for anything else (such a message can never succeed).
    /// </summary>
    public static BlobCreatedEvent Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonNode? node = ParseJson(body.ToString().Trim());
        if (node is JsonArray array)
        {
            node = array.Count == 1 ? array[0] : throw new FormatException($"Expected one BlobCreated event, got an array of {array.Count}.");
        }

        if (node is not JsonObject e)
        {
            throw new FormatException("The message is not an Event Grid event (a JSON object).");
        }

        string? type = Text(e, "eventType");
        if (type != EventType)
        {
            throw new FormatException($"Expected a {EventType} event, got '{type ?? "(no eventType)"}'.");
        }

        string subject = Text(e, "subject") ?? throw new FormatException("The event has no subject.");
        int blobs = subject.IndexOf(SubjectBlobs, StringComparison.Ordinal);
        if (!subject.StartsWith(SubjectContainers, StringComparison.Ordinal) || blobs < SubjectContainers.Length)
        {
            throw new FormatException($"The event's subject '{subject}' does not name a blob.");
        }

        string container = subject[SubjectContainers.Length..blobs];
        string name = subject[(blobs + SubjectBlobs.Length)..];
        if (container.Length == 0 || name.Length == 0)
        {
            throw new FormatException($"The event's subject '{subject}' does not name a blob.");
        }

        DateTimeOffset? time = DateTimeOffset.TryParse(Text(e, "eventTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        string? etag = e["data"] is JsonObject data ? Text(data, "eTag") ?? Text(data, "etag") : null;
        return new BlobCreatedEvent(Text(e, "id") ?? string.Empty, container, name, etag, time);
    }

    private static JsonNode? ParseJson(string text)
    {
        if (text.Length > 0 && text[0] is not ('{' or '['))
        {
            // Event Grid's queue handler writes base64; the queue client decodes it once, but tolerate a second layer.
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Trim();
            }
            catch (FormatException)
            {
                throw new FormatException("The message is neither JSON nor base64-encoded JSON.");
            }
        }

        try
        {
            return Jobs.UserJson.ParseNode(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The message is not valid JSON: {e.Message}", e);
        }
    }

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
