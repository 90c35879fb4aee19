using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nst.Functions.Jobs;

/// <summary>How jobs, reports and orchestration payloads are written: camelCase, enums as lower-case words.</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
