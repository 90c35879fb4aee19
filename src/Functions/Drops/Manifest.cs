using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Drops;

/// <summary>
/// A job manifest dropped at <c>inbox/{name}.json</c>:
/// <c>{"content": "inbox/photo.jpg", "styles": [{"name": "starry", "weight": 0.7}, {"blob": "styles/x.png", "weight": 0.3}],
/// "options": {"iterations": 200}, "webhook": "https://…", "output": "outbox/…"}</c>. Only content and styles are required.
/// </summary>
public sealed record Manifest(BlobPath Content, IReadOnlyList<ManifestStyle> Styles, JsonObject? Options, string? Webhook, BlobPath? Output)
{
    /// <summary>Containers a manifest may read images from.</summary>
    public static IReadOnlyList<string> InputContainers { get; } = [PipelineNames.InboxContainer, PipelineNames.StylesContainer, PipelineNames.OutboxContainer];

    /// <summary>Parses and validates a manifest; every problem is a <see cref="JobSubmissionException"/> (<c>invalid_manifest</c>).</summary>
    public static Manifest Parse(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json.ToString()) as JsonObject ?? throw Invalid("the manifest must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidManifest, $"The manifest is not valid JSON: {e.Message}", e);
        }

        BlobPath content = InputPath(String(root, "content", "content") ?? throw Invalid("\"content\" is required: the image to stylise, e.g. \"inbox/photo.jpg\"."), "content");
        if (root["styles"] is not JsonArray { Count: > 0 } styleNodes)
        {
            throw Invalid("\"styles\" is required: a non-empty list like [{\"name\": \"starry\"}] or [{\"blob\": \"styles/x.png\", \"weight\": 0.5}].");
        }

        var styles = new List<ManifestStyle>();
        for (int i = 0; i < styleNodes.Count; i++)
        {
            styles.Add(Style(styleNodes[i], $"styles[{i}]"));
        }

        JsonObject? options = root["options"] switch
        {
            null => null,
            JsonObject o => o,
            _ => throw Invalid("\"options\" must be a JSON object."),
        };
        string? webhook = String(root, "webhook", "webhook");
        BlobPath? output = null;
        if (String(root, "output", "output") is { } outputText)
        {
            output = BlobPath.TryParse(outputText, out var o) && o.Container == PipelineNames.OutboxContainer && ImageFiles.HasImageExtension(o.Name)
                ? o
                : throw Invalid($"\"output\" must be an image in the outbox container, e.g. \"outbox/result.jpg\"; got '{outputText}'.");
        }

        return new Manifest(content, styles, options, webhook, output);
    }

    private static ManifestStyle Style(JsonNode? node, string where)
    {
        if (node is not JsonObject o)
        {
            throw Invalid($"{where} must be an object with \"name\" or \"blob\".");
        }

        string? name = String(o, "name", $"{where}.name");
        string? blob = String(o, "blob", $"{where}.blob");
        if ((name is null) == (blob is null))
        {
            throw Invalid($"{where} needs exactly one of \"name\" (a library style) and \"blob\" (e.g. \"styles/x.png\").");
        }

        if (name is not null && !StyleLibrary.IsValidName(name))
        {
            throw Invalid($"{where}.name '{name}' is not a style name.");
        }

        double weight = 1.0;
        if (o["weight"] is { } w)
        {
            weight = w.GetValueKind() == JsonValueKind.Number && w.GetValue<double>() is var d && double.IsFinite(d) && d >= 0
                ? d
                : throw Invalid($"{where}.weight must be a number ≥ 0.");
        }

        return new ManifestStyle(name, blob is null ? null : InputPath(blob, $"{where}.blob"), weight);
    }

    private static BlobPath InputPath(string text, string where) =>
        BlobPath.TryParse(text, out var path) && InputContainers.Contains(path.Container)
            ? path
            : throw Invalid($"{where} '{text}' must be container/name in one of: {string.Join(", ", InputContainers)}.");

    private static string? String(JsonObject o, string key, string where) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Invalid($"\"{where}\" must be a string."),
    };

    private static JobSubmissionException Invalid(string message) => new(JobErrorCodes.InvalidManifest, "Manifest: " + message);
}
