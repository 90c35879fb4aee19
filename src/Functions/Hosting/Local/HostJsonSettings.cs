using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// The parts of host.json the local host reads, so it runs the durable engine the way the Functions host's Durable
/// extension does: <c>extensions.durableTask</c> (hub name, activity and orchestrator concurrency, and the Azure Storage
/// provider's partition count, visibility timeouts and polling interval) and <c>functionTimeout</c>. Like the
/// Functions host, settings named <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> (and so on) override
/// the file.
/// </summary>
public sealed record HostJsonSettings
{
    public const string FileName = "host.json";

    /// <summary>The configuration section that overrides host.json.</summary>
    public const string OverrideSection = "AzureFunctionsJobHost";

    public string HubName { get; init; } = "nst";

    public int PartitionCount { get; init; } = 4;

    public int MaxConcurrentActivityFunctions { get; init; } = 1;

    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10;

    /// <summary>How long a dequeued activity stays hidden from other workers between lock renewals.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan? FunctionTimeout { get; init; }

    /// <summary>Reads <paramref name="path"/> (defaults if it does not exist), then applies overrides from configuration.</summary>
    public static HostJsonSettings Load(string path, IConfiguration? configuration = null)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            Flatten(Parse(File.ReadAllText(path)), "", values);
        }

        if (configuration is not null)
        {
            foreach (var (key, value) in configuration.GetSection(OverrideSection).AsEnumerable(makePathsRelative: true))
            {
                if (value is not null)
                {
                    values[key] = value;
                }
            }
        }

        var d = new HostJsonSettings();
        const string Durable = "extensions:durableTask:";
        const string Provider = Durable + "storageProvider:";
        return d with
        {
            HubName = Text(values, Durable + "hubName") is { } hub ? ValidHub(hub) : d.HubName,
            PartitionCount = Int(values, Provider + "partitionCount", 1, 16) ?? d.PartitionCount,
            MaxConcurrentActivityFunctions = Int(values, Durable + "maxConcurrentActivityFunctions", 1, 100) ?? d.MaxConcurrentActivityFunctions,
            MaxConcurrentOrchestratorFunctions = Int(values, Durable + "maxConcurrentOrchestratorFunctions", 1, 1000) ?? d.MaxConcurrentOrchestratorFunctions,
            WorkItemQueueVisibilityTimeout = Time(values, Provider + "workItemQueueVisibilityTimeout") ?? d.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = Time(values, Provider + "controlQueueVisibilityTimeout") ?? d.ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = Time(values, Provider + "maxQueuePollingInterval") ?? d.MaxQueuePollingInterval,
            // "-1" is how host.json says "no limit".
            FunctionTimeout = Text(values, "functionTimeout") is "-1" ? null : Time(values, "functionTimeout"),
        };
    }

    private static JsonElement Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"host.json is not valid JSON: {e.Message}", e);
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> values)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", values);
            }
        }
        else if (element.ValueKind != JsonValueKind.Array)
        {
            values[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }
    }

    private static string? Text(Dictionary<string, string> values, string name) => values.TryGetValue(name, out string? text) ? text : null;

    // Task hub names: 3–45 letters and digits, starting with a letter (the Azure Storage provider's rule).
    private static string ValidHub(string hub) =>
        hub.Length is >= 3 and <= 45 && char.IsAsciiLetter(hub[0]) && hub.All(char.IsAsciiLetterOrDigit)
            ? hub
            : throw new FormatException($"host.json extensions.durableTask.hubName must be 3–45 letters and digits starting with a letter, not '{hub}'.");

    private static int? Int(Dictionary<string, string> values, string name, int min, int max)
    {
        if (Text(values, name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new FormatException($"host.json {name.Replace(':', '.')} must be an integer from {min} to {max}, not '{text}'.");
    }

    private static TimeSpan? Time(Dictionary<string, string> values, string name) =>
        Text(values, name) is not { } text ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) && value > TimeSpan.Zero
            ? value
            : throw new FormatException($"host.json {name.Replace(':', '.')} must be a time span like 00:00:10, not '{text}'.");
}
