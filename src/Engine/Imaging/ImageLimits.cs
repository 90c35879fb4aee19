namespace Nst.Engine.Imaging;

/// <summary>
/// Bounds checked before any pixel is decoded, so a small hostile file cannot make the engine
/// allocate gigabytes: the file's size first, then the dimensions its header claims.
/// </summary>
public sealed record ImageLimits
{
    private readonly long _maxPixels = 40_000_000;
    private readonly long _maxBytes = 100L * 1024 * 1024;

    /// <summary>The defaults: 40 megapixels, 100 MiB.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Largest width·height accepted. Default 40,000,000 (e.g. 8000×5000).</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxPixels = value;
        }
    }

    /// <summary>Largest encoded file accepted, in bytes. Default 100 MiB (104,857,600).</summary>
    public long MaxBytes
    {
        get => _maxBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxBytes = value;
        }
    }

    internal void CheckBytes(long length)
    {
        if (length > MaxBytes)
        {
            throw new NstException($"Image file is {length:N0} bytes, more than the limit of {MaxBytes:N0} bytes.");
        }
    }

    internal void CheckDimensions(long width, long height, ImageFormat format)
    {
        if (width <= 0 || height <= 0)
        {
            throw new NstException($"{format} image has invalid dimensions {width}x{height}.");
        }

        if (width * height > MaxPixels)
        {
            throw new NstException(
                $"{format} image is {width}x{height} ({width * height:N0} pixels), more than the limit of {MaxPixels:N0} pixels.");
        }
    }
}
