using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Drops;

/// <summary>
/// A job manifest dropped at <c>inbox/{name}.json</c>:
/// <c>{"content": "inbox/photo.jpg", "styles": [{"name": "starry", "weight": 0.7}, {"blob": "inbox/x.png", "weight": 0.3}],
/// "options": {"iterations": 200}, "webhook": "https://…", "output": "outbox/…"}</c>. Only content and styles are
/// required. A manifest reads only the inbox and the style library and writes only into the outbox (not under
/// <c>outbox/api/</c>, where API results go); every path passes <see cref="BlobPath"/>'s rule.
/// </summary>
public sealed record Manifest(BlobPath Content, IReadOnlyList<ManifestStyle> Styles, JsonObject? Options, string? Webhook, BlobPath? Output)
{
    /// <summary>Largest manifest read, in bytes.</summary>
    public const int MaxBytes = 64 * 1024;

    public const int MaxStyles = 16;

    /// <summary>Where results of API submissions go; no manifest may write there.</summary>
    public const string ApiOutputFolder = "api/";

    /// <summary>Parses and validates a manifest; every problem is a <see cref="JobSubmissionException"/> (<c>invalid_manifest</c>).</summary>
    public static Manifest Parse(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.ToMemory().Length > MaxBytes)
        {
            throw Invalid($"it is larger than {MaxBytes / 1024} KB.");
        }

        JsonObject root;
        try
        {
            root = UserJson.ParseNode(json.ToString()) as JsonObject ?? throw Invalid("it must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidManifest, $"Manifest: not valid JSON: {Quote.Short(e.Message)}", e);
        }

        string contentText = String(root, "content", "content") ?? throw Invalid("\"content\" is required: the image to stylise, e.g. \"inbox/photo.jpg\".");
        BlobPath content = Path(contentText, "content", [PipelineNames.InboxContainer]);
        if (root["styles"] is not JsonArray { Count: > 0 } styleNodes)
        {
            throw Invalid("\"styles\" is required: a non-empty list like [{\"name\": \"starry\"}] or [{\"blob\": \"inbox/x.png\", \"weight\": 0.5}].");
        }

        if (styleNodes.Count > MaxStyles)
        {
            throw Invalid($"\"styles\" has {styleNodes.Count} entries; at most {MaxStyles}.");
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
            BlobPath o = Path(outputText, "output", [PipelineNames.OutboxContainer]);
            if (!ImageFiles.HasImageExtension(o.Name))
            {
                throw Invalid($"\"output\" must name an image (.jpg, .png or .webp), got '{Quote.Short(outputText)}'.");
            }

            if (o.Name.StartsWith(ApiOutputFolder, StringComparison.Ordinal))
            {
                throw Invalid($"\"output\" may not be under outbox/{ApiOutputFolder}, where the API's results go.");
            }

            output = o;
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
            throw Invalid($"{where} needs exactly one of \"name\" (a library style) and \"blob\" (e.g. \"inbox/x.png\").");
        }

        if (name is not null && !StyleLibrary.IsValidName(name))
        {
            throw Invalid($"{where}.name '{Quote.Short(name)}' is not a style name.");
        }

        double weight = 1.0;
        if (o["weight"] is { } w)
        {
            weight = w.GetValueKind() == JsonValueKind.Number && w.GetValue<double>() is var d && double.IsFinite(d) && d >= 0 && d <= 1e6
                ? d
                : throw Invalid($"{where}.weight must be a number from 0 to 1e6.");
        }

        return new ManifestStyle(name, blob is null ? null : Path(blob, $"{where}.blob", [PipelineNames.InboxContainer, PipelineNames.StylesContainer]), weight);
    }

    private static BlobPath Path(string text, string where, string[] containers)
    {
        if (!BlobPath.TryParse(text, out BlobPath path, out string? problem))
        {
            throw Invalid($"\"{where}\" '{Quote.Short(text)}' {problem}.");
        }

        return containers.Contains(path.Container)
            ? path
            : throw Invalid($"\"{where}\" '{Quote.Short(text)}' must be in {string.Join(" or ", containers.Select(c => c + "/"))}.");
    }

    private static string? String(JsonObject o, string key, string where) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Invalid($"\"{where}\" must be a string."),
    };

    private static JobSubmissionException Invalid(string message) => new(JobErrorCodes.InvalidManifest, "Manifest: " + message);
}
