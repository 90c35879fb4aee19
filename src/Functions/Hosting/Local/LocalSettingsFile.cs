using System.Text.Json;

namespace Nst.Functions.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> as the Functions Core Tools do: its <c>Values</c> object becomes settings, with
/// <c>__</c> in names meaning a configuration section (<c>Nst__Model</c> → <c>Nst:Model</c>).
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    /// <summary>The settings in <paramref name="path"/>; empty if the file does not exist.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("Values", out JsonElement settings) && settings.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty setting in settings.EnumerateObject())
                {
                    string? value = setting.Value.ValueKind switch
                    {
                        JsonValueKind.String => setting.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => setting.Value.GetRawText(),
                    };
                    values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = value;
                }
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not valid JSON: {e.Message}", e);
        }

        return values;
    }

    /// <summary>Where to look: the working directory first (as Core Tools), then the app's folder.</summary>
    public static string? Find() =>
        new[] { Path.Combine(Directory.GetCurrentDirectory(), FileName), Path.Combine(AppContext.BaseDirectory, FileName) }
            .FirstOrDefault(File.Exists);
}
