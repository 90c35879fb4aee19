using Nst.Engine.Nn;

namespace Nst.Engine.Session.Options;

/// <summary>
/// The one description of every job option — the options a run can be given from any surface (CLI, API, drop
/// metadata, manifests, the page). Hosts add their own host options (the CLI's <c>--output</c>, <c>--threads</c>, …),
/// which are not job options.
/// </summary>
public static class OptionCatalog
{
    private static readonly Dictionary<string, OptionSpec> s_byKey =
        JobOptionSpecs.All.ToDictionary(o => OptionText.NormalizeKey(o.Name), StringComparer.Ordinal);

    /// <summary>The job options, in display order.</summary>
    public static IReadOnlyList<OptionSpec> Job => JobOptionSpecs.All;

    /// <summary>The option a key names, in any spelling (<c>style-weight</c>, <c>style_weight</c>, <c>styleWeight</c>), or null.</summary>
    public static OptionSpec? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return s_byKey.GetValueOrDefault(OptionText.NormalizeKey(key));
    }

    /// <summary>
    /// Every job option's effective value as text (canonical names, display order), in the form
    /// <see cref="OptionBinder.Apply"/> reads back: for the job's JSON and its report. Defaults that depend on the
    /// preprocessing resolve with <paramref name="preprocess"/> (e.g. the session's <see cref="StyleTransfer.Preprocess"/>)
    /// and read <c>auto</c> while it is unknown.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Describe(StyleTransferOptions options, Preprocess? preprocess = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in Job) values[spec.Name] = spec.Read(options, preprocess);
        return values;
    }

    /// <summary>
    /// The catalog as data for a form or an HTTP endpoint: each job option's names, type, default (the effective value
    /// under <paramref name="defaults"/>, e.g. a pipeline's own defaults), allowed values, bounds under
    /// <paramref name="limits"/>, and help.
    /// </summary>
    public static IReadOnlyList<OptionMetadata> Metadata(StyleTransferOptions? defaults = null, OptionLimits? limits = null)
    {
        defaults ??= new StyleTransferOptions();
        limits ??= OptionLimits.Default;
        return
        [
            .. Job.Select(spec => new OptionMetadata(
                spec.Name,
                spec.SnakeName,
                spec.CamelName,
                spec.TypeName,
                spec.Read(defaults),
                spec.DefaultText,
                spec.Allowed,
                spec.Min,
                spec.MinExclusive,
                spec.MaxFor(limits),
                spec.AcceptsAuto,
                spec.Example,
                spec.Help)),
        ];
    }
}
