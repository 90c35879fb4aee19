using System.CommandLine;
using Nst.Engine;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Commands;

/// <summary>
/// The flags of <c>nst stylize</c>: every job option of the catalog (as the API and drops have them), then the host
/// options only this command has (files, threads, checkpoints, limits).
/// </summary>
internal sealed class StylizeOptions
{
    public StylizeOptions()
    {
        Job = [.. OptionCatalog.Job.Select(CatalogOption.Create)];
    }

    /// <summary>The job options, generated from <see cref="OptionCatalog.Job"/>.</summary>
    public IReadOnlyList<CatalogOption> Job { get; }

    public Option<string> Content { get; } = new("--content") { Description = "Content image (JPEG, PNG or WebP; EXIF orientation applied).", Required = true, HelpName = "FILE" };

    public Option<string[]> Style { get; } = new("--style") { Description = "Style image; repeat for several (see --style-blend).", Required = true, HelpName = "FILE" };

    public Option<string> Output { get; } = new("--output") { Description = "Output image; its extension (.jpg, .png, .webp) picks the format.", Required = true, HelpName = "FILE" };

    public Option<string?> Model { get; } = new("--model") { Description = "VGG19 weights: a .pth or .safetensors file, or random:SEED. Default: the imported model in the cache, else random:0.", HelpName = "PATH|random:SEED" };

    public Option<int> Threads { get; } = new("--threads") { Description = "Threads (results do not depend on it). Default: all cores.", HelpName = "N" };

    public Option<string?> Report { get; } = new("--report") { Description = "Write one JSON line of losses per iteration to this file.", HelpName = "FILE.jsonl" };

    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "Write the run's state here at the end (and every --checkpoint-every iterations).", HelpName = "FILE" };

    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Also write --checkpoint every N iterations.", HelpName = "N" };

    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue from a checkpoint; --iterations then counts the iterations to add.", HelpName = "FILE" };

    public Option<int> SaveEvery { get; } = new("--save-every") { Description = "Write the current image every N iterations (name_iterN.ext).", HelpName = "N" };

    public Option<long> MaxPixels { get; } = new("--max-pixels") { Description = "Refuse input images above this many pixels.", DefaultValueFactory = _ => ImageLimits.Default.MaxPixels, HelpName = "N" };

    public Option<int> MaxSize { get; } = new("--max-size") { Description = $"Refuse a --size (or scale) above this; at most {StyleTransferOptions.MaxSide}.", DefaultValueFactory = _ => OptionLimits.Default.MaxSize, HelpName = "N" };

    public Option<int> MaxIterations { get; } = new("--max-iterations") { Description = "Refuse more --iterations than this, per scale and in total.", DefaultValueFactory = _ => OptionLimits.Default.MaxIterations, HelpName = "N" };

    public Option<string> Device { get; } = DeviceOption.Create();

    /// <summary>The host options, in help order.</summary>
    public IEnumerable<Option> Host => [Content, Style, Output, Model, Device, Threads, Report, Checkpoint, CheckpointEvery, Resume, SaveEvery, MaxPixels, MaxSize, MaxIterations];

    /// <summary>Every flag, in help order: the inputs and output first, then the job options, then the rest.</summary>
    public IEnumerable<Option> All =>
        [Content, Style, Output, Model, .. Job.Select(j => j.Option), Device, Threads, Report, Checkpoint, CheckpointEvery, Resume, SaveEvery, MaxPixels, MaxSize, MaxIterations];

    /// <summary>The limits the job options are held to, from <c>--max-size</c> and <c>--max-iterations</c>.</summary>
    public OptionLimits Limits(ParseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int maxSize = p.GetValue(MaxSize), maxIterations = p.GetValue(MaxIterations);
        if (maxSize is < StyleTransferOptions.MinSide or > StyleTransferOptions.MaxSide)
        {
            throw new NstException($"--max-size must be between {StyleTransferOptions.MinSide} and {StyleTransferOptions.MaxSide}, got {maxSize}.");
        }

        if (maxIterations is < 0 or > StyleTransferOptions.MaxTotalIterations)
        {
            throw new NstException($"--max-iterations must be between 0 and {StyleTransferOptions.MaxTotalIterations}, got {maxIterations}.");
        }

        return OptionLimits.Default with { MaxSize = maxSize, MaxIterations = maxIterations };
    }

    /// <summary>The engine's options from the job flags the user gave (defaults for the rest), checked as the API checks them.</summary>
    public StyleTransferOptions BindJob(ParseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var given = Job.Select(j => (Name: j.Option.Name, Value: j.ValueIn(p))).Where(v => v.Value is not null);
        return OptionBinder.Apply(new StyleTransferOptions(), given.Select(v => new KeyValuePair<string, string>(v.Name, v.Value!)), OptionSurface.Cli, Limits(p));
    }

    /// <summary>Everything one run needs, from the parsed command line.</summary>
    public StylizeRun Bind(ParseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        long maxPixels = p.GetValue(MaxPixels);
        if (maxPixels < 1) throw new NstException($"--max-pixels must be positive, got {maxPixels}.");
        return new StylizeRun
        {
            Options = BindJob(p),
            OptionLimits = Limits(p),
            ContentPath = p.GetValue(Content)!,
            StylePaths = p.GetValue(Style)!,
            OutputPath = p.GetValue(Output)!,
            ModelSpec = p.GetValue(Model),
            Threads = p.GetValue(Threads),
            ReportPath = p.GetValue(Report),
            CheckpointPath = p.GetValue(Checkpoint),
            CheckpointEvery = p.GetValue(CheckpointEvery),
            ResumePath = p.GetValue(Resume),
            SaveEvery = p.GetValue(SaveEvery),
            Limits = ImageLimits.Default with { MaxPixels = maxPixels },
            Device = p.GetValue(Device),
        };
    }
}
