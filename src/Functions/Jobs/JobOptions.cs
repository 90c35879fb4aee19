using Nst.Engine.Session;

namespace Nst.Functions.Jobs;

/// <summary>
/// The effective options of a job, as job.json and the report show them (camelCase keys named after the CLI's long
/// options). Parsed in one place, <see cref="JobOptionsParser"/>, for drops, manifests and the API; mapped onto the
/// engine's <see cref="StyleTransferOptions"/> by <see cref="ToStyleTransferOptions"/>.
/// </summary>
public sealed record JobOptions
{
    /// <summary>
    /// What a job gets where nothing says otherwise: 512 px and 300 iterations (fewer than the CLI's 500, so a drop
    /// finishes in reasonable time on a CPU), the engine's defaults for the rest.
    /// </summary>
    public static JobOptions PipelineDefaults { get; } = new();

    /// <summary>Iterations: one value for every scale or one per scale. Default 300.</summary>
    public IReadOnlyList<int> Iterations { get; init; } = [300];

    /// <summary>Longer side of the output in pixels; 0 keeps the content's. Default 512.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Number of coarse-to-fine scales. Default 1.</summary>
    public int Scales { get; init; } = 1;

    /// <summary>Explicit scale sizes (from <c>scales=256,512</c>), or null.</summary>
    public IReadOnlyList<int>? ScaleSizes { get; init; }

    /// <summary>"lbfgs" or "adam". Default lbfgs.</summary>
    public string Optimizer { get; init; } = "lbfgs";

    public float? StyleWeight { get; init; }

    public float? ContentWeight { get; init; }

    public float? TvWeight { get; init; }

    /// <summary>"none", "luminance" or "histogram". Default none.</summary>
    public string PreserveColors { get; init; } = "none";

    public int Seed { get; init; }

    /// <summary>"content", "noise" or "style". Default content.</summary>
    public string Init { get; init; } = "content";

    public float? Lr { get; init; }

    /// <summary>"max" or "avg". Default max.</summary>
    public string Pooling { get; init; } = "max";

    public float StyleScale { get; init; } = 1f;

    /// <summary>Blend weights as given (a job's <see cref="JobStyle.Weight"/>s are what the run uses).</summary>
    public IReadOnlyList<float>? StyleBlend { get; init; }

    public IReadOnlyList<string> ContentLayers { get; init; } = ["relu4_2"];

    public IReadOnlyList<string> StyleLayers { get; init; } = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"];

    /// <summary>The engine's options for a run over <paramref name="styles"/> (their weights become the blend).</summary>
    public StyleTransferOptions ToStyleTransferOptions(IReadOnlyList<JobStyle> styles)
    {
        ArgumentNullException.ThrowIfNull(styles);
        return new StyleTransferOptions
        {
            Iterations = Iterations,
            Size = Size,
            Scales = ScaleSizes is { Count: > 0 } sizes ? sizes.Count : Scales,
            ScaleSizes = ScaleSizes is { Count: > 0 } ? ScaleSizes : null,
            Optimizer = JobOptionsParser.OptimizerKindOf(Optimizer),
            StyleWeight = StyleWeight,
            ContentWeight = ContentWeight,
            TvWeight = TvWeight,
            PreserveColors = JobOptionsParser.ColorPreservationOf(PreserveColors),
            Seed = Seed,
            Init = JobOptionsParser.InitModeOf(Init),
            LearningRate = Lr,
            Pooling = JobOptionsParser.PoolingModeOf(Pooling),
            StyleScale = StyleScale,
            StyleBlend = styles.Count > 1 ? styles.Select(s => (float)s.Weight).ToArray() : [],
            ContentLayers = ContentLayers,
            StyleLayers = StyleLayers,
        };
    }

    /// <summary>Throws a <see cref="JobSubmissionException"/> (<c>invalid_options</c>) naming the first invalid option.</summary>
    public void Validate(IReadOnlyList<JobStyle> styles)
    {
        try
        {
            ToStyleTransferOptions(styles).Validate();
        }
        catch (Nst.Engine.NstException e) when (e is not JobSubmissionException)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, e.Message, e);
        }
    }
}
