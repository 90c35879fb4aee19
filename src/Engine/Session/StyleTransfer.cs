using System.Diagnostics;
using Nst.Engine.Checkpoints;
using Nst.Engine.Devices;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Nn;
using Nst.Engine.Optim;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Session;

/// <summary>
/// One style-transfer run: targets are precomputed per scale, <see cref="Step"/> runs one iteration
/// (one objective evaluation and optimizer step; with Adam, then a clamp to [0,1]), and the whole state can be exported as a
/// <see cref="Checkpoint"/> and resumed bit-identically. Scales run coarse to fine; between them the image is
/// upsampled and the optimizer restarts. Each scale keeps the iterate whose evaluated loss was lowest; with
/// <see cref="KeepIterate.Best"/> (the default) that iterate is the scale's result: what <see cref="Render"/> shows and
/// what the next scale starts from. The kept iterate travels in checkpoints, so resuming stays bit-identical.
/// </summary>
public sealed class StyleTransfer : IDisposable
{
    private readonly StyleTransferOptions _options;
    private readonly IReadOnlyList<ConvWeights> _convs;
    private readonly RgbImage _content;
    private readonly RgbImage[] _styles;
    private readonly float[] _blend;
    private readonly ObjectiveSpec _spec;
    private IStyleObjective? _objective;
    private IComputeBackend _backend = CpuBackend.Instance;
    private IOptimizer _optimizer;
    private float[] _x;
    private int _extension;

    // The lowest-loss iterate of the current scale (its copy only when it is kept as the result), its losses and the
    // iteration count at which it was the current image.
    private float[]? _best;
    private LossBreakdown? _bestLoss;
    private int _bestIteration;

    private StyleTransfer(StyleTransferOptions options, IReadOnlyList<ConvWeights> convs, Preprocess preprocess, RgbImage content, RgbImage[] styles, string fingerprint)
    {
        _options = options;
        _convs = convs;
        _content = content;
        _styles = styles;
        Preprocess = preprocess;
        Fingerprint = fingerprint;
        _blend = options.StyleBlend.Count == 0 ? styles.Select(_ => 1f).ToArray() : options.StyleBlend.ToArray();
        _spec = new ObjectiveSpec(
            options.ContentLayers.Select(Vgg19Layout.Resolve).ToArray(),
            options.StyleLayers.Select(Vgg19Layout.Resolve).ToArray(),
            options.StyleLayerWeights.Count == 0 ? options.StyleLayers.Select(_ => 1f).ToArray() : options.StyleLayerWeights.ToArray(),
            options.ResolvedContentWeight(preprocess),
            options.ResolvedStyleWeight(preprocess),
            options.ResolvedTvWeight(preprocess),
            preprocess,
            options.Pooling,
            options.TvPower,
            options.NormalizeGradients);
        (Width, Height) = SizeAt(0);
        _x = InitialImage();
        _optimizer = NewOptimizer();
    }

    /// <summary>SHA-256 of options, inputs and weights; checkpoints carry it.</summary>
    public string Fingerprint { get; }

    public Preprocess Preprocess { get; }

    public int Scale { get; private set; }

    public int IterationInScale { get; private set; }

    /// <summary>Iterations done over all scales.</summary>
    public int Iteration { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int ScaleCount => _options.ScaleCount;

    /// <summary>Iterations the schedule asks for, over all scales.</summary>
    public int TotalIterations => Enumerable.Range(0, ScaleCount).Sum(IterationsAt);

    public bool IsComplete => Iteration >= TotalIterations;

    /// <summary>The losses at the start of the last iteration.</summary>
    public LossBreakdown? LastLoss { get; private set; }

    /// <summary>
    /// The losses of the current image once they are known: each scale's last iteration evaluates the image it leaves
    /// (one extra evaluation per scale), so at the end of a run this is the final image's loss. Null mid-scale.
    /// </summary>
    public LossBreakdown? FinalLoss { get; private set; }

    /// <summary>The lowest loss evaluated at the current scale (null before its first evaluation).</summary>
    public LossBreakdown? BestLoss => _bestLoss;

    /// <summary>
    /// The iteration count (over all scales) after which the image with <see cref="BestLoss"/> was current: the loss
    /// reported by iteration k+1 belongs to the image left by iteration k. Null before the scale's first evaluation.
    /// </summary>
    public int? BestIteration => _bestLoss is null ? null : _bestIteration;

    /// <summary>Which iterate of each scale is its result.</summary>
    public KeepIterate Keep => _options.Keep;

    /// <summary>Objective evaluations so far in this process (line searches make more than one per iteration).</summary>
    public int Evaluations { get; private set; }

    /// <summary>
    /// Validates options and inputs and prepares the run. <paramref name="preprocessHint"/> (e.g. from the model
    /// file) is used when the options do not name a preprocessing. The objective is evaluated on
    /// <paramref name="backend"/> (default: the CPU engine), which the caller owns; checkpoints do not depend on it.
    /// </summary>
    public static StyleTransfer Create(StyleTransferOptions options, IReadOnlyList<ConvWeights> convs, RgbImage content, IReadOnlyList<RgbImage> styles, Preprocess? preprocessHint = null, IComputeBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (styles.Count == 0) throw new NstException("At least one style image is needed.");
        if (options.StyleBlend.Count != 0 && options.StyleBlend.Count != styles.Count)
        {
            throw new OptionException("style-blend", $"has {options.StyleBlend.Count} weights for {styles.Count} style images.");
        }

        var preprocess = options.Preprocess ?? preprocessHint ?? Preprocess.Torchvision;
        var styleImages = options.PreserveColors == ColorPreservation.Histogram
            ? styles.Select(s => ColorTransfer.MatchColorStatistics(s, content)).ToArray()
            : styles.ToArray();
        string fingerprint = RunFingerprint.Compute(options, preprocess, convs, content, styles);
        return new StyleTransfer(options, convs, preprocess, content, styleImages, fingerprint) { _backend = backend ?? CpuBackend.Instance };
    }

    /// <summary>Continues from a checkpoint of the same run (same fingerprint), bit-identically.</summary>
    public void Resume(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Fingerprint != Fingerprint)
        {
            throw new NstException("The checkpoint belongs to a different run: its options, images or model differ from this one's.");
        }

        if (checkpoint.Scale >= ScaleCount)
        {
            throw new NstException($"The checkpoint is at scale {checkpoint.Scale + 1}, but this run has {ScaleCount} scale(s).");
        }

        var (w, h) = SizeAt(checkpoint.Scale);
        if (checkpoint.Width != w || checkpoint.Height != h || checkpoint.Image.Length != 3 * w * h)
        {
            throw new NstException($"The checkpoint's image is {checkpoint.Width}x{checkpoint.Height}; this run expects {w}x{h} at that scale.");
        }

        DisposeObjective();
        Scale = checkpoint.Scale;
        IterationInScale = checkpoint.IterationInScale;
        Iteration = checkpoint.Iteration;
        (Width, Height) = (w, h);
        _x = (float[])checkpoint.Image.Clone();
        _optimizer = NewOptimizer();
        _optimizer.Import(checkpoint.Optimizer);
        FinalLoss = checkpoint.FinalLoss;
        _bestLoss = checkpoint.BestLoss;
        _bestIteration = checkpoint.BestIteration;
        _best = _options.Keep == KeepIterate.Best && checkpoint.BestImage is { } best && best.Length == _x.Length ? (float[])best.Clone() : null;
        if (_options.Keep == KeepIterate.Best && _best is null)
        {
            // A checkpoint without the kept image (written before best-keeping, or by a keep-final run): the best is
            // chosen among the iterates from here on.
            _bestLoss = null;
        }
    }

    /// <summary>Adds iterations to the final scale (a finished run continued further).</summary>
    public void Extend(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        _extension += iterations;
    }

    /// <summary>
    /// Runs one iteration and returns its report; does nothing and returns null when the run is complete. The
    /// iterate is clamped to [0,1] after the step only with Adam (<see cref="OptimizerKindExtensions.ClampsEachStep"/>);
    /// images are clamped when rendered.
    /// </summary>
    public IterationReport? Step()
    {
        if (IsComplete) return null;
        AdvanceScaleIfDone();
        var objective = _objective ??= BuildObjective();
        var sw = Stopwatch.StartNew();
        LossBreakdown? first = null;
        _optimizer.Step(_x, (x, g) =>
        {
            float loss = objective.Evaluate(x, g);
            if (first is null)
            {
                // The first evaluation is at the incoming image, the one the previous iteration left (later ones,
                // in a line search, are at trial points, which are not iterates).
                first = objective.Last;
                ThrowIfDiverged(first.Value);
                ConsiderBest(first.Value, x);
            }

            Evaluations++;
            return loss;
        });
        if (_options.Optimizer.ClampsEachStep()) Clamp(_x);
        IterationInScale++;
        Iteration++;
        LastLoss = first;
        FinalLoss = null;
        if (IterationInScale >= IterationsAt(Scale))
        {
            // The image the scale ends with is never evaluated by a step; evaluate it once, so it can be the best
            // and the final loss is known.
            objective.Evaluate(_x, new float[_x.Length]);
            Evaluations++;
            FinalLoss = objective.Last;
            ThrowIfDiverged(objective.Last);
            ConsiderBest(objective.Last, _x);
        }

        return new IterationReport(Iteration, TotalIterations, Scale, Width, Height, first ?? default, sw.Elapsed.TotalSeconds);
    }

    private void ThrowIfDiverged(LossBreakdown loss)
    {
        if (!double.IsFinite(loss.Total)) throw new OptimizationDivergedException(Iteration, loss.Total);
    }

    private void ConsiderBest(LossBreakdown loss, ReadOnlySpan<float> x)
    {
        // Strictly lower: an equal loss later (the same image evaluated again after a resume) keeps the first.
        if (!(loss.Total < (_bestLoss?.Total ?? double.PositiveInfinity))) return;
        _bestLoss = loss;
        _bestIteration = Iteration;
        if (_options.Keep == KeepIterate.Best)
        {
            _best ??= new float[x.Length];
            x.CopyTo(_best);
        }
    }

    /// <summary>Runs up to <paramref name="maxIterations"/> iterations (stopping early when complete).</summary>
    public int Run(int maxIterations, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        int done = 0;
        while (done < maxIterations && !IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = Step()!;
            done++;
            progress?.Report(report);
        }

        return done;
    }

    /// <summary>
    /// The result at the current scale — the best iterate so far with <see cref="KeepIterate.Best"/>, else the current
    /// image — with colour preservation and the content's alpha applied. For the output and previews.
    /// </summary>
    public RgbImage Render() => RenderPixels(ResultPixels);

    /// <summary>The current iterate (whatever its loss), rendered as <see cref="Render"/> does; for snapshots of the trajectory.</summary>
    public RgbImage RenderCurrent() => RenderPixels(_x);

    /// <summary>The raw result x (3 planes) at the current scale: the kept iterate, which <see cref="Render"/> shows clamped to [0,1].</summary>
    public ReadOnlySpan<float> ResultImage => ResultPixels;

    private float[] ResultPixels => _options.Keep == KeepIterate.Best && _best is not null ? _best : _x;

    private RgbImage RenderPixels(float[] pixels)
    {
        var clamped = new float[pixels.Length];
        Clamp(pixels, clamped);
        var image = new RgbImage(Width, Height, clamped, null, _content.SourceFormat);
        var contentHere = ResizeTo(_content, Width, Height);
        if (_options.PreserveColors == ColorPreservation.Luminance)
        {
            image = ColorTransfer.LuminanceTransfer(image, contentHere);
        }

        return contentHere.Alpha is null ? image : new RgbImage(Width, Height, image.Pixels, contentHere.Alpha, _content.SourceFormat);
    }

    /// <summary>
    /// The run's whole state. With <paramref name="copy"/> false the checkpoint shares the session's arrays (no copy
    /// of the optimizer's history): write it out before the next <see cref="Step"/>.
    /// </summary>
    public Checkpoint Export(bool copy = true) => new()
    {
        Fingerprint = Fingerprint,
        Scale = Scale,
        IterationInScale = IterationInScale,
        Iteration = Iteration,
        Width = Width,
        Height = Height,
        Image = copy ? (float[])_x.Clone() : _x,
        Optimizer = _optimizer.Export(copy),
        FinalLoss = FinalLoss,
        BestLoss = _bestLoss,
        BestIteration = _bestIteration,
        BestImage = _best is null ? null : copy ? (float[])_best.Clone() : _best,
    };

    /// <summary>The raw current image x (3 planes; within [0,1] with Adam, not clamped with L-BFGS) at the current scale; for tests.</summary>
    public ReadOnlySpan<float> Image => _x;

    private int IterationsAt(int scale) => _options.IterationsAt(scale) + (scale == ScaleCount - 1 ? _extension : 0);

    private void AdvanceScaleIfDone()
    {
        while (IterationInScale >= IterationsAt(Scale) && Scale < ScaleCount - 1)
        {
            var (w, h) = SizeAt(Scale + 1);
            var current = new RgbImage(Width, Height, ResultPixels, null, _content.SourceFormat);
            _x = ImageResizer.Resize(current, w, h).Pixels;
            _best = null;
            _bestLoss = null;
            FinalLoss = null;
            Clamp(_x);
            Scale++;
            IterationInScale = 0;
            (Width, Height) = (w, h);
            DisposeObjective();
            _optimizer = NewOptimizer();
        }
    }

    private IStyleObjective BuildObjective()
    {
        using var content = ImageTensor.ToTensor(ResizeTo(_content, Width, Height));
        var styleTensors = new List<(Tensors.Tensor, float)>();
        try
        {
            for (int i = 0; i < _styles.Length; i++)
            {
                styleTensors.Add((ImageTensor.ToTensor(StyleAtScale(_styles[i])), _blend[i]));
            }

            return _backend.CreateObjective(_convs, _spec, content, styleTensors);
        }
        finally
        {
            foreach (var (t, _) in styleTensors) t.Dispose();
        }
    }

    private RgbImage StyleAtScale(RgbImage style)
    {
        bool ownSize = _options.Size == 0 && ScaleCount == 1;
        int longSide = ownSize
            ? (int)Math.Round(Math.Max(style.Width, style.Height) * _options.StyleScale)
            : (int)Math.Round(Math.Max(Width, Height) * _options.StyleScale);
        return ImageResizer.ResizeLongSide(style, Math.Max(longSide, 16));
    }

    /// <summary>Size at a scale: the long side from the options, the short side by aspect, never under 16 px
    /// (four 2×2 poolings must leave at least one pixel for relu5_*).</summary>
    private (int Width, int Height) SizeAt(int scale)
    {
        const int MinSide = 16;
        double longSide = _options.LongSideAt(scale, Math.Max(_content.Width, _content.Height));
        double aspect = (double)Math.Min(_content.Width, _content.Height) / Math.Max(_content.Width, _content.Height);
        longSide = Math.Max(longSide, MinSide / aspect);
        int l = (int)Math.Round(longSide);
        int s = Math.Max(MinSide, (int)Math.Round(longSide * aspect));
        return _content.Width >= _content.Height ? (l, s) : (s, l);
    }

    private float[] InitialImage()
    {
        switch (_options.Init)
        {
            case InitMode.Noise:
            {
                var x = new float[3 * Width * Height];
                NoiseImage.Fill(x, _options.Seed);
                return x;
            }

            case InitMode.Style:
                return (float[])ResizeTo(_styles[0], Width, Height).Pixels.Clone();
            default:
                return (float[])ResizeTo(_content, Width, Height).Pixels.Clone();
        }
    }

    private IOptimizer NewOptimizer() => _options.Optimizer == OptimizerKind.Adam
        ? new Adam(3 * Width * Height, new AdamOptions { Lr = _options.ResolvedLearningRate })
        : new Lbfgs(3 * Width * Height, new LbfgsOptions
        {
            Lr = _options.ResolvedLearningRate,
            HistorySize = _options.LbfgsHistory,
            LineSearch = _options.StrongWolfe ? LbfgsLineSearch.StrongWolfe : LbfgsLineSearch.None,
        });

    private static RgbImage ResizeTo(RgbImage image, int width, int height)
        => image.Width == width && image.Height == height ? image : ImageResizer.Resize(image, width, height);

    private static void Clamp(Span<float> x) => Clamp(x, x);

    private static void Clamp(ReadOnlySpan<float> x, Span<float> destination) => System.Numerics.Tensors.TensorPrimitives.Clamp(x, 0f, 1f, destination);

    private void DisposeObjective()
    {
        _objective?.Dispose();
        _objective = null;
    }

    public void Dispose() => DisposeObjective();
}
