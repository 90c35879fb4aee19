using System.Text;
using System.Text.Json;

namespace Nst.Functions.Webhooks;

/// <summary>
/// One webhook to deliver, as it travels on <c>nst-webhooks</c>: <c>{"id","url","body"}</c>. <see cref="Body"/> holds
/// the exact UTF-8 bytes of the body as written at enqueue time, so every retry sends identical bytes.
/// </summary>
public sealed record WebhookMessage(string Id, string Url, ReadOnlyMemory<byte> Body)
{
    /// <summary>Reads a queue message; throws <see cref="InvalidDataException"/> naming what is missing.</summary>
    public static WebhookMessage Parse(BinaryData message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message.ToMemory());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("Webhook message is not a JSON object.");
            }

            string id = RequiredString(root, "id");
            string url = RequiredString(root, "url");
            if (!root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("Webhook message has no 'body' object.");
            }

            return new WebhookMessage(id, url, Encoding.UTF8.GetBytes(body.GetRawText()));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Webhook message is not valid JSON: {e.Message}", e);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"Webhook message has no '{name}' string.");
}
