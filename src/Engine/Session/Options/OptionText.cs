using System.Globalization;

namespace Nst.Engine.Session.Options;

/// <summary>
/// The text forms of option values, read and written the same way on every surface: invariant-culture numbers,
/// comma-separated lists, case-insensitive names. Errors name the option canonically and quote at most
/// <see cref="MaxQuoted"/> characters of what was given.
/// </summary>
public static class OptionText
{
    /// <summary>The most characters of a value an error message quotes.</summary>
    public const int MaxQuoted = 100;

    /// <summary>The word nullable options take for "the default that depends on other settings".</summary>
    public const string Auto = "auto";

    /// <summary>The one key normalisation: <c>style-weight</c>, <c>style_weight</c> and <c>styleWeight</c> are one key.</summary>
    public static string NormalizeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Trim().Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
    }

    /// <summary>A value cut to <see cref="MaxQuoted"/> characters (with an ellipsis), for error messages.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxQuoted ? value : string.Concat(value.AsSpan(0, MaxQuoted), "…");
    }

    public static int Int(string option, string value, long min, long max)
    {
        string v = value.Trim();
        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            throw new OptionException(option, $"takes a whole number, got '{Quote(value)}'.");
        }

        return n >= min && n <= max ? (int)n : throw new OptionException(option, $"must be {RangeText(min, max)}, got {n}.");
    }

    public static float Float(string option, string value, double? min = null, bool minExclusive = false, double? max = null)
    {
        string v = value.Trim();
        if (!float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) || !float.IsFinite(f))
        {
            throw new OptionException(option, $"takes a number, got '{Quote(value)}'.");
        }

        bool low = min is { } lo && (minExclusive ? f <= lo : f < lo);
        bool high = max is { } hi && f > hi;
        if (low || high)
        {
            string range = (min, max) switch
            {
                ({ } lo2, { } hi2) => $"in {(minExclusive ? "(" : "[")}{Format(lo2)}, {Format(hi2)}]",
                ({ } lo2, null) => minExclusive ? $"greater than {Format(lo2)}" : $"at least {Format(lo2)}",
                (null, { } hi2) => $"at most {Format(hi2)}",
                _ => "finite",
            };
            throw new OptionException(option, $"must be {range}, got {Format(f)}.");
        }

        return f;
    }

    /// <summary>The comma-separated parts of a list (trimmed, empty parts dropped); an empty list is an error.</summary>
    public static string[] List(string option, string value)
    {
        string[] parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new OptionException(option, "is empty; give a value or leave it out.");
    }

    public static bool Bool(string option, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new OptionException(option, $"must be one of: true, false (got '{Quote(value)}')."),
    };

    /// <summary>Whether a nullable option was given <c>auto</c> (its default, which depends on other settings).</summary>
    public static bool IsAuto(string value) => string.Equals(value.Trim(), Auto, StringComparison.OrdinalIgnoreCase);

    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(IEnumerable<int> values) => string.Join(',', values.Select(Format));

    public static string Format(IEnumerable<float> values) => string.Join(',', values.Select(Format));

    public static string Format(bool value) => value ? "true" : "false";

    private static string RangeText(long min, long max) => (min, max) switch
    {
        (long.MinValue or int.MinValue, long.MaxValue or int.MaxValue) => "a whole number",
        (_, long.MaxValue or int.MaxValue) => $"at least {min}",
        _ => $"between {min} and {max}",
    };
}
