using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nst.Functions.Jobs;

/// <summary>How job.json, reports and pipeline messages are written: camelCase, enums as lower-case words.</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    public static BinaryData Serialize(JobRecord record) => BinaryData.FromObjectAsJson(record, Options);

    /// <summary>Reads job.json; a blob that is not a job record is a broken invariant, so this throws JsonException.</summary>
    public static JobRecord Deserialize(BinaryData json) =>
        json.ToObjectFromJson<JobRecord>(Options) ?? throw new JsonException("job.json is null.");
}
