using System.Globalization;
using Nst.Engine;

namespace Nst.Cli;

/// <summary>Parsing of option values into one clear error line each.</summary>
internal static class CliValues
{
    public static IReadOnlyList<string> Names(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<float> Floats(string? value, string option) =>
        Names(value).Select(v => Float(v, option)).ToArray();

    public static IReadOnlyList<int> Ints(string? value, string option) =>
        Names(value).Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            ? i
            : throw new NstException($"{option} takes whole numbers, got '{v}'.")).ToArray();

    public static float Float(string value, string option) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f)
            ? f
            : throw new NstException($"{option} takes a number, got '{value}'.");

    /// <summary>Maps a value onto one of the allowed names (case-insensitive), listing them when it is not one.</summary>
    public static T OneOf<T>(string value, string option, params (string Name, T Value)[] allowed)
    {
        foreach (var (name, v) in allowed)
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase)) return v;
        }

        throw new NstException($"{option} must be one of: {string.Join(", ", allowed.Select(a => a.Name))} (got '{value}').");
    }
}
