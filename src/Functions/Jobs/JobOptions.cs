using Nst.Engine;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Functions.Jobs;

/// <summary>
/// A job's options through the engine's one option catalog (<see cref="OptionCatalog"/>): layered from their sources
/// in order — a library style's JSON, then the drop's <c>nst_*</c> metadata, the manifest's <c>options</c> or the
/// API's form fields — checked against the host's limits, and kept in the job as the catalog describes them (every job
/// option by its canonical name), so the report, the API and the engine read the same values.
/// </summary>
public static class JobOptions
{
    /// <summary>
    /// What a job gets where nothing says otherwise: 300 iterations (fewer than the CLI's 500, so a drop finishes in
    /// reasonable time on a CPU), the engine's defaults for the rest.
    /// </summary>
    public static StyleTransferOptions PipelineDefaults { get; } = new() { Iterations = [300] };

    /// <summary>Bounds as wide as the engine's own: for reading back options that were checked when the job was made.</summary>
    private static readonly OptionLimits EngineBounds = new() { MaxSize = StyleTransferOptions.MaxSide, MaxIterations = StyleTransferOptions.MaxTotalIterations };

    /// <summary>The pipeline defaults, described: what a job shows before it is made.</summary>
    public static IReadOnlyDictionary<string, string> DefaultsDescribed { get; } = OptionCatalog.Describe(PipelineDefaults);

    /// <summary>
    /// Applies each source over the pipeline defaults, then checks the whole against <paramref name="limits"/> and the
    /// styles (blend weights: the <c>style-blend</c> option, else the styles' own weights when they differ). Every
    /// error is an <see cref="OptionException"/> naming the option as its source spells it.
    /// </summary>
    public static StyleTransferOptions Build(IEnumerable<OptionSource> sources, IReadOnlyList<JobStyle> styles, OptionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(styles);
        StyleTransferOptions options = PipelineDefaults;
        OptionSurface last = OptionSurface.Api;
        foreach (OptionSource source in sources)
        {
            options = OptionBinder.Apply(options, source.Values, source.Surface, limits, validate: false);
            last = source.Surface;
        }

        if (options.StyleBlend.Count == 0 && styles.Count > 1 && styles.Any(s => s.Weight != 1.0))
        {
            options = options with { StyleBlend = styles.Select(s => (float)s.Weight).ToArray() };
        }

        OptionBinder.Validate(options, last, limits);
        if (options.StyleBlend.Count != 0 && options.StyleBlend.Count != styles.Count)
        {
            throw new OptionException("style-blend", last.Display(OptionCatalog.Find("style-blend")!),
                $"has {options.StyleBlend.Count} weights for {styles.Count} style image(s); give one per style.");
        }

        return options;
    }

    /// <summary>Every job option's value by its canonical name, as kept in the job.</summary>
    public static IReadOnlyDictionary<string, string> Describe(StyleTransferOptions options) => OptionCatalog.Describe(options);

    /// <summary>The engine's options a job's described options stand for.</summary>
    public static StyleTransferOptions Resolve(IReadOnlyDictionary<string, string> described)
    {
        ArgumentNullException.ThrowIfNull(described);
        try
        {
            return OptionBinder.Apply(new StyleTransferOptions(), described, OptionSurface.Api, EngineBounds);
        }
        catch (NstException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"The job's options no longer read: {e.Message}", e);
        }
    }
}

/// <summary>One source of option values, with the surface that names its keys in errors.</summary>
public sealed record OptionSource(IEnumerable<KeyValuePair<string, string>> Values, OptionSurface Surface);
