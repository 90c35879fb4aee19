using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Engine.Nn;
using Nst.Engine.Session;

namespace Nst.Functions.Jobs;

/// <summary>
/// The one parser of job options, shared by drops (style JSON, then <c>nst_*</c> metadata), manifests and the API.
/// Keys are the CLI's long option names in any of snake_case, kebab-case or camelCase (<c>style_weight</c>,
/// <c>style-weight</c>, <c>styleWeight</c>); each bad value raises a <see cref="JobSubmissionException"/>
/// (<c>invalid_options</c>) naming the key as the user wrote it.
/// </summary>
public static class JobOptionsParser
{
    /// <summary>The option keys, in their snake_case spelling (the metadata names without <c>nst_</c>).</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "iterations", "size", "scales", "optimizer", "style_weight", "content_weight", "tv_weight", "preserve_colors",
        "seed", "init", "lr", "pooling", "style_scale", "style_blend", "content_layers", "style_layers",
    ];

    /// <summary>
    /// Applies <paramref name="values"/> over <paramref name="current"/>. <paramref name="displayName"/> turns a key
    /// into what the user wrote (e.g. <c>nst_size</c>) for error messages. Keys in <paramref name="ignored"/>
    /// (e.g. "webhook") are skipped.
    /// </summary>
    public static JobOptions Apply(JobOptions current, IEnumerable<KeyValuePair<string, string>> values, Func<string, string>? displayName = null, IReadOnlyCollection<string>? ignored = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(values);
        displayName ??= k => k;
        JobOptions o = current;
        foreach (var (rawKey, rawValue) in values)
        {
            string key = Normalize(rawKey);
            if (ignored is not null && ignored.Any(i => Normalize(i) == key))
            {
                continue;
            }

            string name = displayName(rawKey);
            string value = rawValue.Trim();
            o = key switch
            {
                "iterations" => o with { Iterations = Ints(value, name, min: 0) },
                "size" => o with { Size = Int(value, name, min: 0) },
                "scales" => WithScales(o, value, name),
                "optimizer" => o with { Optimizer = OneOf(value, name, "lbfgs", "adam") },
                "styleweight" => o with { StyleWeight = Float(value, name) },
                "contentweight" => o with { ContentWeight = Float(value, name) },
                "tvweight" => o with { TvWeight = Float(value, name) },
                "preservecolors" => o with { PreserveColors = PreserveColorsValue(value, name) },
                "seed" => o with { Seed = Int(value, name, min: int.MinValue) },
                "init" => o with { Init = OneOf(value, name, "content", "noise", "style") },
                "lr" => o with { Lr = Float(value, name) },
                "pooling" => o with { Pooling = OneOf(value, name, "max", "avg") },
                "stylescale" => o with { StyleScale = Float(value, name) },
                "styleblend" => o with { StyleBlend = Floats(value, name) },
                "contentlayers" => o with { ContentLayers = Names(value, name) },
                "stylelayers" => o with { StyleLayers = Names(value, name) },
                _ => throw new JobSubmissionException(JobErrorCodes.InvalidOptions,
                    $"'{name}' is not an option; known options: {string.Join(", ", Keys)}."),
            };
        }

        return o;
    }

    /// <summary>Flattens a JSON object of options (numbers, strings, booleans, arrays) into key/value text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromJson(JsonObject options, string where)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, node) in options)
        {
            pairs.Add(new(key, node switch
            {
                null => throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{where}.{key} is null; give a value or leave it out."),
                JsonArray array => string.Join(",", array.Select(item => item is null ? "" : Scalar(item, $"{where}.{key}"))),
                _ => Scalar(node, $"{where}.{key}"),
            }));
        }

        return pairs;
    }

    internal static OptimizerKind OptimizerKindOf(string value) => value == "adam" ? OptimizerKind.Adam : OptimizerKind.Lbfgs;

    internal static ColorPreservation ColorPreservationOf(string value) => value switch
    {
        "luminance" => ColorPreservation.Luminance,
        "histogram" => ColorPreservation.Histogram,
        _ => ColorPreservation.None,
    };

    internal static InitMode InitModeOf(string value) => value switch
    {
        "noise" => InitMode.Noise,
        "style" => InitMode.Style,
        _ => InitMode.Content,
    };

    internal static PoolingMode PoolingModeOf(string value) => value == "avg" ? PoolingMode.Avg : PoolingMode.Max;

    private static string Normalize(string key) => key.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static JobOptions WithScales(JobOptions o, string value, string name)
    {
        var sizes = Ints(value, name, min: 1);
        return sizes.Length == 1
            ? o with { Scales = sizes[0], ScaleSizes = null }
            : o with { Scales = sizes.Length, ScaleSizes = sizes };
    }

    // true/false are accepted for preserve_colors: true means luminance, as neural-style's -original_colors 1.
    private static string PreserveColorsValue(string value, string name) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => "luminance",
        "false" or "0" or "no" => "none",
        _ => OneOf(value, name, "none", "luminance", "histogram"),
    };

    private static string Scalar(JsonNode node, string where) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{where} must be a number, a string or a list of them."),
    };

    private static int Int(string value, string name, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= min
            ? i
            : throw new JobSubmissionException(JobErrorCodes.InvalidOptions,
                min == 0 ? $"{name} takes a whole number ≥ 0, got '{value}'." : min > 0 ? $"{name} takes whole numbers ≥ {min}, got '{value}'." : $"{name} takes a whole number, got '{value}'.");

    private static int[] Ints(string value, string name, int min)
    {
        var parts = Split(value, name);
        return parts.Select(p => Int(p, name, min)).ToArray();
    }

    private static float Float(string value, string name) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f)
            ? f
            : throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{name} takes a number, got '{value}'.");

    private static float[] Floats(string value, string name) => Split(value, name).Select(p => Float(p, name)).ToArray();

    private static string[] Names(string value, string name) => Split(value, name);

    private static string[] Split(string value, string name)
    {
        string[] parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{name} is empty.");
    }

    private static string OneOf(string value, string name, params string[] allowed)
    {
        string v = value.ToLowerInvariant();
        return allowed.Contains(v)
            ? v
            : throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{name} must be one of: {string.Join(", ", allowed)} (got '{value}').");
    }
}
