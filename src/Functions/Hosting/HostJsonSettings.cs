using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Nst.Functions.Hosting;

/// <summary>
/// The parts of host.json the app reads: <c>extensions.queues</c> and <c>functionTimeout</c>. Like the Functions host,
/// settings named <c>AzureFunctionsJobHost__extensions__queues__batchSize</c> (and so on) override the file.
/// </summary>
public sealed record HostJsonSettings(QueueHostOptions Queues, TimeSpan? FunctionTimeout)
{
    public const string FileName = "host.json";

    /// <summary>The configuration section that overrides host.json's queue settings.</summary>
    public const string QueuesOverrideSection = "AzureFunctionsJobHost:extensions:queues";

    public static HostJsonSettings Default { get; } = new(new QueueHostOptions(), null);

    /// <summary>Reads <paramref name="path"/> (defaults if it does not exist), then applies overrides from configuration.</summary>
    public static HostJsonSettings Load(string path, IConfiguration? configuration = null)
    {
        HostJsonSettings settings = File.Exists(path) ? Parse(File.ReadAllText(path)) : Default;
        return configuration is null ? settings : settings with { Queues = ApplyOverrides(settings.Queues, configuration.GetSection(QueuesOverrideSection)) };
    }

    /// <summary>Parses host.json text; a malformed file or value throws <see cref="FormatException"/> naming it.</summary>
    public static HostJsonSettings Parse(string json)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"host.json is not valid JSON: {e.Message}", e);
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("extensions", out JsonElement extensions) && extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("queues", out JsonElement queues) && queues.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in queues.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        TimeSpan? timeout = root.TryGetProperty("functionTimeout", out JsonElement t) && t.ValueKind == JsonValueKind.String
            ? ParseTime("functionTimeout", t.GetString()!)
            : null;
        return new HostJsonSettings(Apply(new QueueHostOptions(), values), timeout);
    }

    private static QueueHostOptions ApplyOverrides(QueueHostOptions options, IConfigurationSection section)
    {
        var values = section.GetChildren().Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        return Apply(options, values);
    }

    private static QueueHostOptions Apply(QueueHostOptions options, Dictionary<string, string> values) => options with
    {
        BatchSize = Int(values, "batchSize", 1, 32) ?? options.BatchSize,
        NewBatchThreshold = Int(values, "newBatchThreshold", 0, 1000) ?? options.NewBatchThreshold,
        MaxDequeueCount = Int(values, "maxDequeueCount", 1, 1000) ?? options.MaxDequeueCount,
        VisibilityTimeout = Time(values, "visibilityTimeout") ?? options.VisibilityTimeout,
        MaxPollingInterval = Time(values, "maxPollingInterval") ?? options.MaxPollingInterval,
    };

    private static int? Int(Dictionary<string, string> values, string name, int min, int max)
    {
        if (!values.TryGetValue(name, out string? text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new FormatException($"host.json extensions.queues.{name} must be an integer from {min} to {max}, not '{text}'.");
    }

    private static TimeSpan? Time(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? text) ? ParseTime($"extensions.queues.{name}", text) : null;

    private static TimeSpan ParseTime(string name, string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) && value >= TimeSpan.Zero
            ? value
            : throw new FormatException($"host.json {name} must be a time span like 00:00:10, not '{text}'.");
}
