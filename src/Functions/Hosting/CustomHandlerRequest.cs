using System.Globalization;
using System.Text.Json;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Hosting;

/// <summary>
/// A queue-trigger invocation as the Functions host POSTs it to a custom handler:
/// <c>{"Data": {"message": &lt;the message&gt;}, "Metadata": {"DequeueCount": 1, "Id": "…", "PopReceipt": "…", "InsertionTime": "…", …}}</c>.
/// The message arrives as a JSON string, or as the object itself when the message text was JSON.
/// </summary>
public sealed record CustomHandlerRequest(QueueTriggerMessage Message, string? PopReceipt)
{
    /// <summary>The binding name our function.json files give the queue trigger.</summary>
    public const string BindingName = "message";

    /// <summary>Reads the payload; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CustomHandlerRequest Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Invocation payload has no 'Data' object.");
            }

            JsonElement value = Binding(data);
            BinaryData body = value.ValueKind == JsonValueKind.String ? BinaryData.FromString(value.GetString()!) : BinaryData.FromString(value.GetRawText());
            JsonElement metadata = root.TryGetProperty("Metadata", out JsonElement m) && m.ValueKind == JsonValueKind.Object ? m : default;
            string id = Text(metadata, "Id") ?? string.Empty;
            long dequeueCount = long.TryParse(Text(metadata, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 1;
            DateTimeOffset? inserted = DateTimeOffset.TryParse(Text(metadata, "InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : null;
            return new CustomHandlerRequest(new QueueTriggerMessage(id, body, dequeueCount, inserted), Text(metadata, "PopReceipt"));
        }
        catch (JsonException e)
        {
            throw new FormatException($"Invocation payload is not valid JSON: {e.Message}", e);
        }
    }

    // Our binding by name, else the only entry (another function.json may name it differently).
    private static JsonElement Binding(JsonElement data)
    {
        foreach (JsonProperty property in data.EnumerateObject())
        {
            if (property.NameEquals(BindingName))
            {
                return property.Value;
            }
        }

        JsonProperty[] all = data.EnumerateObject().ToArray();
        return all.Length == 1 && all[0].Value.ValueKind != JsonValueKind.Null
            ? all[0].Value
            : throw new FormatException($"Invocation payload's 'Data' has no '{BindingName}' entry.");
    }

    // Metadata values come as strings or numbers; quoted JSON strings (the host sometimes double-encodes) are unwrapped.
    private static string? Text(JsonElement metadata, string name)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return text is { Length: >= 2 } && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }
}
