namespace Nst.Engine.Imaging;

/// <summary>
/// An image as planar float RGB in [0, 1]: sRGB-encoded values (not linear light), stored CHW —
/// all of R, then all of G, then all of B — with an optional alpha plane of the same size.
/// </summary>
public sealed class RgbImage
{
    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="pixels">3·width·height values, R plane then G then B.</param>
    /// <param name="alpha">width·height values in [0, 1] (1 = opaque), or null for an opaque image.</param>
    /// <param name="sourceFormat">The format the image was read from; images made in memory default to PNG.</param>
    public RgbImage(int width, int height, float[] pixels, float[]? alpha = null, ImageFormat sourceFormat = ImageFormat.Png)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        long plane = (long)width * height;
        if (plane * 3 > int.MaxValue)
        {
            throw new NstException($"Image {width}x{height} is too large.");
        }

        if (pixels.Length != plane * 3)
        {
            throw new ArgumentException($"Expected {plane * 3} pixel values for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        }

        if (alpha is not null && alpha.Length != plane)
        {
            throw new ArgumentException($"Expected {plane} alpha values for {width}x{height}, got {alpha.Length}.", nameof(alpha));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
        Alpha = alpha;
        SourceFormat = sourceFormat;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Values per plane, Width·Height.</summary>
    public int Plane => Width * Height;

    /// <summary>Planar RGB, CHW: R plane, G plane, B plane.</summary>
    public float[] Pixels { get; }

    /// <summary>The alpha plane (1 = opaque), or null when the image is opaque.</summary>
    public float[]? Alpha { get; }

    public ImageFormat SourceFormat { get; }

    /// <summary>A black opaque image of the given size.</summary>
    public static RgbImage Create(int width, int height, ImageFormat sourceFormat = ImageFormat.Png)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return new RgbImage(width, height, new float[3L * width * height], null, sourceFormat);
    }

    /// <summary>One colour plane: 0 = R, 1 = G, 2 = B.</summary>
    public Span<float> Channel(int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, 2);
        return Pixels.AsSpan(c * Plane, Plane);
    }

    /// <summary>The same pixels with another alpha plane (or none).</summary>
    public RgbImage WithAlpha(float[]? alpha) => new(Width, Height, Pixels, alpha, SourceFormat);

    public override string ToString() => $"RgbImage[{Width}x{Height}{(Alpha is null ? "" : "+alpha")}, {SourceFormat}]";
}
