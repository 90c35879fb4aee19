using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nst.Functions.Jobs;

/// <summary>
/// How JSON a user wrote (manifests, style option files, events) is read: strictly. A repeated key is an error here,
/// not a silent "last one wins" — nor an <see cref="ArgumentException"/> thrown later, when the object is first read.
/// </summary>
public static class UserJson
{
    public static JsonDocumentOptions DocumentOptions { get; } = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>Parses <paramref name="json"/>; throws <see cref="JsonException"/> for anything malformed, repeated keys included.</summary>
    public static JsonNode? ParseNode(string json) => JsonNode.Parse(json, documentOptions: DocumentOptions);

    public static JsonElement ParseElement(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
        return document.RootElement.Clone();
    }
}
