using Nst.Engine.Nn;
using O = Nst.Engine.Session.StyleTransferOptions;

namespace Nst.Engine.Session.Options;

/// <summary>Builds <see cref="OptionSpec"/>s of the common shapes, so each option in the catalog is a few lines.</summary>
internal static class OptionSpecFactory
{
    public static OptionSpec Int(
        string name, string help, string defaultText, string example, Func<O, int> get, Func<O, int, O> set,
        int min, int max, Func<OptionLimits, int>? hostLimit = null) =>
        new(name, OptionType.Int, "N", help, defaultText, example,
            (o, v, limits) => set(o, OptionText.Int(name, v, min, hostLimit?.Invoke(limits) ?? max)),
            (o, _) => OptionText.Format(get(o)),
            min: min, max: max, hostLimit: hostLimit);

    public static OptionSpec Float(
        string name, string help, string defaultText, string example, Func<O, float> get, Func<O, float, O> set,
        double? min = null, bool minExclusive = false, double? max = null) =>
        new(name, OptionType.Float, "F", help, defaultText, example,
            (o, v, _) => set(o, OptionText.Float(name, v, min, minExclusive, max)),
            (o, _) => OptionText.Format(get(o)),
            min: min, minExclusive: minExclusive, max: max);

    /// <summary>A number whose default depends on other settings: null in the options, <c>auto</c> in text.</summary>
    public static OptionSpec AutoFloat(
        string name, string help, string defaultText, string example, Func<O, Preprocess?, float?> effective, Func<O, float?, O> set,
        double min, bool minExclusive = false) =>
        new(name, OptionType.Float, "F", help, defaultText, example,
            (o, v, _) => set(o, OptionText.IsAuto(v) ? null : OptionText.Float(name, v, min, minExclusive)),
            (o, p) => effective(o, p) is { } f ? OptionText.Format(f) : OptionText.Auto,
            min: min, minExclusive: minExclusive, acceptsAuto: true);

    public static OptionSpec FloatList(
        string name, string help, string defaultText, string example, Func<O, Preprocess?, string> read, Func<O, float[], O> set,
        bool acceptsAuto) =>
        new(name, OptionType.FloatList, "w,…", help, defaultText, example,
            (o, v, _) => set(o, acceptsAuto && OptionText.IsAuto(v) ? [] : [.. OptionText.List(name, v).Select(part => OptionText.Float(name, part, 0))]),
            read,
            min: 0, acceptsAuto: acceptsAuto);

    public static OptionSpec Layers(string name, string help, string defaultText, string example, Func<O, IReadOnlyList<string>> get, Func<O, string[], O> set) =>
        new(name, OptionType.NameList, "L,…", help, defaultText, example,
            (o, v, limits) => set(o, [.. OptionText.List(name, v).Select(layer => Vgg19Layout.TryResolve(layer, out _)
                ? layer
                : throw new OptionException(name, $"has an unknown layer '{OptionText.Quote(layer)}'; use {Vgg19Layout.AllowedNamesHint}."))]),
            (o, _) => string.Join(',', get(o)));

    public static OptionSpec Bool(string name, string help, string example, Func<O, bool> get, Func<O, bool, O> set) =>
        new(name, OptionType.Bool, "true|false", help, "false", example,
            (o, v, _) => set(o, OptionText.Bool(name, v)),
            (o, _) => OptionText.Format(get(o)),
            allowed: ["true", "false"]);

    /// <summary>
    /// One of a fixed set of names, each mapped to a value (case-insensitive; no fallback). <paramref name="aliases"/>
    /// are accepted too but not listed; with <paramref name="auto"/>, <c>auto</c> sets <c>default</c>.
    /// </summary>
    public static OptionSpec Enum<T>(
        string name, string help, string defaultText, string example, (string Text, T Value)[] values, Func<O, T?> get, Func<O, T?, O> set,
        (string Text, T Value)[]? aliases = null, Func<O, Preprocess?, T?>? effective = null)
        where T : struct
    {
        bool auto = effective is not null;
        string[] allowed = [.. values.Select(v => v.Text)];
        return new(name, OptionType.Enum, string.Join('|', allowed), help, defaultText, example,
            (o, v, _) =>
            {
                string text = v.Trim();
                if (auto && OptionText.IsAuto(text)) return set(o, null);
                foreach (var (t, value) in values.Concat(aliases ?? []))
                {
                    if (string.Equals(t, text, StringComparison.OrdinalIgnoreCase)) return set(o, value);
                }

                throw new OptionException(name, $"must be one of: {string.Join(", ", auto ? [.. allowed, OptionText.Auto] : allowed)} (got '{OptionText.Quote(v)}').");
            },
            (o, p) => (effective is null ? get(o) : effective(o, p)) is { } current
                ? values.First(v => EqualityComparer<T>.Default.Equals(v.Value, current)).Text
                : OptionText.Auto,
            allowed: allowed, acceptsAuto: auto);
    }
}
