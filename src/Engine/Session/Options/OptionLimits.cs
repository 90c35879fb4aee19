namespace Nst.Engine.Session.Options;

/// <summary>
/// Upper bounds a host puts on what a job may ask for, refused when options are bound (before any work): the output's
/// long side, the iterations (each value and the total over all scales) and the number of scales. The engine's own
/// bounds (<see cref="StyleTransferOptions.MaxSide"/>, …) cap what a host may allow.
/// </summary>
public sealed record OptionLimits
{
    private readonly int _maxSize = 4096;
    private readonly int _maxIterations = 30_000;
    private readonly int _maxScales = StyleTransferOptions.MaxScales;

    /// <summary>4096 px, 30,000 iterations, 8 scales.</summary>
    public static OptionLimits Default { get; } = new();

    /// <summary>Longest side of the output (and of every scale) in pixels. Default 4096; at most <see cref="StyleTransferOptions.MaxSide"/>.</summary>
    public int MaxSize
    {
        get => _maxSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, StyleTransferOptions.MinSide);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, StyleTransferOptions.MaxSide);
            _maxSize = value;
        }
    }

    /// <summary>Most iterations, per scale and in total. Default 30,000; at most <see cref="StyleTransferOptions.MaxTotalIterations"/>.</summary>
    public int MaxIterations
    {
        get => _maxIterations;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, StyleTransferOptions.MaxTotalIterations);
            _maxIterations = value;
        }
    }

    /// <summary>Most scales. Default 8, which is also the engine's most.</summary>
    public int MaxScales
    {
        get => _maxScales;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, StyleTransferOptions.MaxScales);
            _maxScales = value;
        }
    }

    /// <summary>Throws an <see cref="OptionException"/> (canonical names) for the first bound <paramref name="options"/> pass.</summary>
    public void Check(StyleTransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Size > MaxSize)
        {
            throw new OptionException("size", $"must be at most {MaxSize} (the limit here), got {options.Size}.");
        }

        if (options.ScaleSizes is { Count: > 0 } sizes)
        {
            if (sizes.Count > MaxScales) throw new OptionException("scales", $"lists {sizes.Count} sizes; at most {MaxScales} scales are allowed here.");
            if (sizes.Max() > MaxSize) throw new OptionException("scales", $"sizes must be at most {MaxSize} (the limit here), got {sizes.Max()}.");
        }
        else if (options.Scales > MaxScales)
        {
            throw new OptionException("scales", $"must be at most {MaxScales} (the limit here), got {options.Scales}.");
        }

        if (options.Iterations.Count > 0 && options.Iterations.Max() > MaxIterations)
        {
            throw new OptionException("iterations", $"must be at most {MaxIterations:N0} per scale (the limit here), got {options.Iterations.Max():N0}.");
        }

        long total = options.TotalIterations;
        if (total > MaxIterations)
        {
            throw new OptionException("iterations", $"come to {total:N0} over {options.ScaleCount} scales, more than the limit of {MaxIterations:N0} here.");
        }
    }

    /// <summary>
    /// Checks the output size once the content is known: <c>size 0</c> keeps the content's own long side, which must
    /// also be within <see cref="MaxSize"/>.
    /// </summary>
    public void CheckContent(StyleTransferOptions options, int contentWidth, int contentHeight)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Size == 0 && options.ScaleSizes is not { Count: > 0 } && Math.Max(contentWidth, contentHeight) > MaxSize)
        {
            throw new OptionException("size", $"0 keeps the content's own size, {contentWidth}x{contentHeight}, whose long side is more than the limit of {MaxSize} here; give a size.");
        }
    }
}
