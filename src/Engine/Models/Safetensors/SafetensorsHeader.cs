using System.Text.Json;

namespace Nst.Engine.Models.Safetensors;

/// <summary>Parses and validates the JSON header of a safetensors file.</summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public static (IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafetensorsEntry> Entries) Parse(
        byte[] header, long dataLength, string description)
    {
        JsonDocument document;
        try
        {
            // Writers pad the header with trailing spaces; JSON allows them.
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new NstException($"{description} has a safetensors header that is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new NstException($"{description} has a safetensors header that is not a JSON object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, description);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, description));
                }
            }

            entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (int i = 1; i < entries.Count; i++)
            {
                if (entries[i].Begin < entries[i - 1].End)
                {
                    throw new NstException($"{description}: tensors '{entries[i - 1].Name}' and '{entries[i].Name}' overlap in the data section.");
                }
            }

            return (metadata, entries);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string description)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new NstException($"{description}: {MetadataKey} must be a JSON object of strings.");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new NstException($"{description}: {MetadataKey} value '{item.Name}' is not a string.");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string description)
    {
        string where = $"{description}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new NstException($"{where} needs \"dtype\", \"shape\" and two \"data_offsets\" in the header.");
        }

        if (!SafetensorsDTypes.TryParse(dtypeElement.GetString()!, out var dtype))
        {
            throw new NstException($"{where} has unknown dtype '{dtypeElement.GetString()}'.");
        }

        var shape = new List<long>();
        long count = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
            {
                throw new NstException($"{where} has an invalid shape entry {dim.GetRawText()}.");
            }

            shape.Add(d);
            count = Multiply(count, d, where);
        }

        long begin = ReadOffset(offsetsElement[0], where);
        long end = ReadOffset(offsetsElement[1], where);
        long bytes = Multiply(count, SafetensorsDTypes.ElementSize(dtype), where);
        if (end < begin || end - begin != bytes)
        {
            throw new NstException($"{where} spans bytes [{begin}, {end}) but its shape and dtype need {bytes} bytes.");
        }

        if (end > dataLength)
        {
            throw new NstException($"{where} points past the end of the file (byte {end} of a {dataLength}-byte data section); the file is truncated or corrupt.");
        }

        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long ReadOffset(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long v) && v >= 0
            ? v
            : throw new NstException($"{where} has an invalid data offset {element.GetRawText()}.");

    private static long Multiply(long a, long b, string where)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw new NstException($"{where} has a shape too large to address.");
        }
    }
}
