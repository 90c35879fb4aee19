using System.Text.Json;

namespace Nst.Engine.Session.Options;

/// <summary>Flattens a JSON object of options (a manifest's <c>options</c>, an API body) into the text <see cref="OptionBinder"/> reads.</summary>
public static class OptionJson
{
    /// <summary>
    /// Numbers keep their JSON text, strings their value, booleans become <c>true</c>/<c>false</c>, arrays of those
    /// are joined with commas. null, objects and nested arrays are refused naming the key as <paramref name="surface"/> shows it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToValues(JsonElement options, OptionSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (options.ValueKind != JsonValueKind.Object)
        {
            throw new OptionException(surface.Prefix.TrimEnd('.', '_'), surface.Prefix.TrimEnd('.', '_'), "must be a JSON object of option names and values.");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in options.EnumerateObject())
        {
            string shown = OptionText.Quote(surface.Written(property.Name));
            string text = property.Value.ValueKind == JsonValueKind.Array
                ? string.Join(',', property.Value.EnumerateArray().Select(item => Scalar(item, shown)))
                : Scalar(property.Value, shown);
            pairs.Add(new(property.Name, text));
        }

        return pairs;
    }

    private static string Scalar(JsonElement value, string shown) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => throw new OptionException(shown, shown, "is null; give a value or leave it out."),
        _ => throw new OptionException(shown, shown, "must be a number, a string, true/false or a list of them."),
    };
}
