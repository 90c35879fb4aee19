using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Tests.Session.Options;

/// <summary>How each surface writes an option and its value, for the tests that walk the catalog.</summary>
internal static class OptionSurfaceCases
{
    /// <summary>Every way a key reaches the binder: (surface, how the key is spelled there).</summary>
    public static IEnumerable<(OptionSurface Surface, string Spelling, Func<OptionSpec, string> Key)> Spellings =>
    [
        (OptionSurface.DropMetadata, "nst_snake", o => "nst_" + o.SnakeName),
        (OptionSurface.Manifest, "snake", o => o.SnakeName),
        (OptionSurface.Manifest, "camel", o => o.CamelName),
        (OptionSurface.Api, "snake", o => o.SnakeName),
        (OptionSurface.Api, "kebab", o => o.Name),
        (OptionSurface.Api, "camel", o => o.CamelName),
    ];

    public static TheoryData<string> JobOptionNames()
    {
        var data = new TheoryData<string>();
        foreach (var spec in OptionCatalog.Job) data.Add(spec.Name);
        return data;
    }

    /// <summary>The value as a manifest's JSON has it: numbers as numbers, lists as arrays, booleans as booleans.</summary>
    public static JsonNode? Json(OptionSpec spec, string text) => spec.Type switch
    {
        OptionType.Int or OptionType.Float => JsonNode.Parse(text),
        OptionType.Bool => JsonValue.Create(bool.Parse(text)),
        OptionType.IntList or OptionType.FloatList => new JsonArray([.. text.Split(',').Select(v => JsonNode.Parse(v))]),
        OptionType.NameList => new JsonArray([.. text.Split(',').Select(v => (JsonNode?)JsonValue.Create(v))]),
        _ => JsonValue.Create(text),
    };

    /// <summary>A manifest's <c>options</c> object with one key, flattened as the pipeline reads it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromManifest(string key, JsonNode? value)
    {
        var json = new JsonObject { [key] = value }.ToJsonString();
        using var doc = JsonDocument.Parse(json);
        return OptionJson.ToValues(doc.RootElement, OptionSurface.Manifest);
    }
}
