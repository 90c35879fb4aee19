using Nst.Engine.Nn;

namespace Nst.Engine.Session.Options;

/// <summary>
/// One option, described once: its names, type, default, allowed values, bounds and help, and how its text sets and
/// reads <see cref="StyleTransferOptions"/>. The CLI's flags, the API's fields, drop metadata keys, manifests, the
/// page's form and the job report are all derived from these (see <see cref="OptionCatalog"/>).
/// </summary>
public sealed class OptionSpec
{
    private readonly Func<StyleTransferOptions, string, OptionLimits, StyleTransferOptions> _apply;
    private readonly Func<StyleTransferOptions, Preprocess?, string> _read;
    private readonly Func<OptionLimits, int>? _hostLimit;

    internal OptionSpec(
        string name,
        OptionType type,
        string valueHint,
        string help,
        string defaultText,
        string example,
        Func<StyleTransferOptions, string, OptionLimits, StyleTransferOptions> apply,
        Func<StyleTransferOptions, Preprocess?, string> read,
        IReadOnlyList<string>? allowed = null,
        double? min = null,
        bool minExclusive = false,
        double? max = null,
        Func<OptionLimits, int>? hostLimit = null,
        bool acceptsAuto = false)
    {
        Name = name;
        SnakeName = name.Replace('-', '_');
        CamelName = string.Concat(name.Split('-').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        Type = type;
        ValueHint = valueHint;
        Help = help;
        DefaultText = defaultText;
        Example = example;
        Allowed = allowed ?? [];
        Min = min;
        MinExclusive = minExclusive;
        Max = max;
        AcceptsAuto = acceptsAuto;
        _apply = apply;
        _read = read;
        _hostLimit = hostLimit;
    }

    /// <summary>Canonical name, kebab-case: the CLI's long flag without dashes (<c>style-weight</c>).</summary>
    public string Name { get; }

    /// <summary><c>style_weight</c>: drop metadata (after <c>nst_</c>), manifests, form fields.</summary>
    public string SnakeName { get; }

    /// <summary><c>styleWeight</c>: JSON as JavaScript writes it.</summary>
    public string CamelName { get; }

    public OptionType Type { get; }

    /// <summary><c>int</c>, <c>float</c>, <c>int-list</c>, <c>float-list</c>, <c>name-list</c>, <c>enum</c> or <c>bool</c>.</summary>
    public string TypeName => Type switch
    {
        OptionType.IntList => "int-list",
        OptionType.FloatList => "float-list",
        OptionType.NameList => "name-list",
        _ => Type.ToString().ToLowerInvariant(),
    };

    /// <summary>The value's shape for help and the README (<c>N</c>, <c>F</c>, <c>N[,N…]</c>, <c>lbfgs|adam</c>).</summary>
    public string ValueHint { get; }

    /// <summary>One or two sentences for help text, the page and the README.</summary>
    public string Help { get; }

    /// <summary>The default as people read it (<c>512</c>, <c>30 (caffe: 5)</c>, <c>from the model file, else torchvision</c>).</summary>
    public string DefaultText { get; }

    /// <summary>A valid value other than the default (help, form placeholders, and the round-trip tests).</summary>
    public string Example { get; }

    /// <summary>The values an enum or bool option takes, canonical spelling first; empty for other types.</summary>
    public IReadOnlyList<string> Allowed { get; }

    /// <summary>Smallest value (each value, for lists); null when unbounded.</summary>
    public double? Min { get; }

    /// <summary>Whether <see cref="Min"/> itself is refused (e.g. a learning rate must be greater than 0).</summary>
    public bool MinExclusive { get; }

    /// <summary>Largest value the engine allows (each value, for lists); see <see cref="MaxFor"/> for a host's.</summary>
    public double? Max { get; }

    /// <summary>Whether <c>auto</c> is accepted: the default depends on other settings (preprocessing, optimizer).</summary>
    public bool AcceptsAuto { get; }

    /// <summary>Whether a host's <see cref="OptionLimits"/> bound it (size, scales, iterations).</summary>
    public bool IsHostLimited => _hostLimit is not null;

    /// <summary>The largest value allowed under <paramref name="limits"/>.</summary>
    public double? MaxFor(OptionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return _hostLimit is null ? Max : _hostLimit(limits);
    }

    /// <summary>Sets this option from its text; throws an <see cref="OptionException"/> naming it canonically.</summary>
    public StyleTransferOptions Apply(StyleTransferOptions options, string value, OptionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(value);
        return _apply(options, value, limits ?? OptionLimits.Default);
    }

    /// <summary>
    /// This option's effective value as text, in the form <see cref="Apply"/> reads back. Defaults that depend on
    /// the preprocessing resolve with <paramref name="preprocess"/> when it is known, else read <c>auto</c>.
    /// </summary>
    public string Read(StyleTransferOptions options, Preprocess? preprocess = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _read(options, preprocess);
    }

    public override string ToString() => Name;
}
