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
    /// <summary>The engine's least side of the result at any scale, in pixels.</summary>
    private const int MinSide = 16;

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

    /// <summary>
    /// Checks the images the run will make once the inputs' sizes are known — the result (by the engine's rule: the
    /// long side from <c>size</c>, the short side by aspect and never under 16 px) and each style at its scaled size
    /// (the result's long side, or the style's own with size 0, times <c>style-scale</c>) — against the long-side limit
    /// and <paramref name="maxPixels"/>, so that nothing which passes can overflow while running. Throws an
    /// <see cref="OptionException"/> naming <c>size</c> or <c>style-scale</c> as <paramref name="surface"/> spells them, or
    /// <c>invalid_image</c> for a content image too narrow for any size.
    /// </summary>
    public static void CheckImages(StyleTransferOptions options, OptionLimits limits, long maxPixels, (int Width, int Height) content, IEnumerable<(int Width, int Height)> styles, OptionSurface surface)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(styles);
        ArgumentNullException.ThrowIfNull(surface);
        (long width, long height) = ScaledSize(content, options.LongSideAt(options.ScaleCount - 1, Math.Max(content.Width, content.Height)));
        long longSide = Math.Max(width, height);
        if (longSide > limits.MaxSize)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidImage,
                $"The content image, {content.Width}x{content.Height}, is too narrow: with its short side kept at {MinSide} px or more the result would be {width}x{height}, longer than the limit of {limits.MaxSize} px here.");
        }

        if (width * height > maxPixels)
        {
            throw new OptionException("size", $"makes a {width}x{height} result ({width * height:N0} pixels) of the {content.Width}x{content.Height} content, more than the limit of {maxPixels:N0} pixels here; give a smaller size.").On(surface);
        }

        bool ownSize = options.Size == 0 && options.ScaleCount == 1;
        int k = 0;
        foreach (var style in styles)
        {
            k++;
            var (sw, sh) = StyleSize(style, (ownSize ? Math.Max(style.Width, style.Height) : longSide) * (double)options.StyleScale);
            if (sw * sh > maxPixels || Math.Max(sw, sh) > StyleTransferOptions.MaxSide)
            {
                throw new OptionException("style-scale", $"makes style image {k} {sw}x{sh} ({sw * sh:N0} pixels) for this result, more than the limit of {maxPixels:N0} pixels here; give a smaller {surface.Display(OptionCatalog.Find("style-scale")!)} or {surface.Display(OptionCatalog.Find("size")!)}.").On(surface);
            }
        }
    }

    /// <summary>
    /// What the sources ask for, as far as each value reads on its own: for a job that fails before its options are
    /// built (an unknown style, a bad image), so it still shows the iterations and size it asked for.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DescribeAsked(IEnumerable<OptionSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        StyleTransferOptions options = PipelineDefaults;
        foreach (OptionSource source in sources)
        {
            foreach (KeyValuePair<string, string> value in source.Values)
            {
                try
                {
                    options = OptionBinder.Apply(options, [value], source.Surface, EngineBounds, validate: false);
                }
                catch (NstException)
                {
                    // A value that does not read is the error the job will report; the rest still show.
                }
            }
        }

        return Describe(options);
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

    // The result's size as StyleTransfer makes it: the long side given, the short side by aspect and at least 16 px
    // (the long side grows to keep it there). Capped far above any limit, so no product overflows here.
    private static (long Width, long Height) ScaledSize((int Width, int Height) image, long longSide)
    {
        double aspect = (double)Math.Min(image.Width, image.Height) / Math.Max(image.Width, image.Height);
        long a = (long)Math.Min(Math.Round(Math.Max(longSide, MinSide / aspect)), 1L << 30);
        long b = Math.Max(MinSide, (long)Math.Round(a * aspect));
        return image.Width >= image.Height ? (a, b) : (b, a);
    }

    // A style's size as StyleTransfer scales it: the long side (at least 16 px), the short side by aspect.
    private static (long Width, long Height) StyleSize((int Width, int Height) image, double longSide)
    {
        double aspect = (double)Math.Min(image.Width, image.Height) / Math.Max(image.Width, image.Height);
        long a = (long)Math.Min(Math.Max(Math.Round(longSide), MinSide), 1L << 30);
        long b = Math.Max(1, (long)Math.Round(a * aspect));
        return image.Width >= image.Height ? (a, b) : (b, a);
    }
}

/// <summary>One source of option values, with the surface that names its keys in errors.</summary>
public sealed record OptionSource(IEnumerable<KeyValuePair<string, string>> Values, OptionSurface Surface);
