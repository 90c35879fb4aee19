using System.Numerics.Tensors;
using Tensor = Nst.Engine.Tensors.Tensor;

namespace Nst.Engine.Imaging;

/// <summary>Images to and from the network's 1×3×H×W tensors (sRGB values in [0, 1], no normalisation).</summary>
public static class ImageTensor
{
    /// <summary>A new 1×3×H×W tensor holding the image's R, G and B planes; the caller disposes it. Alpha is not included.</summary>
    public static Tensor ToTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = new Tensor(1, 3, image.Height, image.Width);
        image.Pixels.CopyTo(tensor.Span);
        return tensor;
    }

    /// <summary>
    /// An image from a 1×3×H×W tensor, values clamped to [0, 1] (optimisation may push them past);
    /// <paramref name="alpha"/>, if given, must hold H·W values and is attached as is.
    /// </summary>
    public static RgbImage FromTensor(Tensor tensor, float[]? alpha = null, ImageFormat sourceFormat = ImageFormat.Png)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.N != 1 || tensor.C != 3)
        {
            throw new ArgumentException($"Expected a 1x3xHxW tensor, got {tensor.N}x{tensor.C}x{tensor.H}x{tensor.W}.", nameof(tensor));
        }

        var pixels = new float[tensor.Length];
        TensorPrimitives.Clamp(tensor.Span, 0f, 1f, pixels);
        foreach (ref float v in pixels.AsSpan())
        {
            if (float.IsNaN(v))
            {
                v = 0f;
            }
        }

        return new RgbImage(tensor.W, tensor.H, pixels, alpha, sourceFormat);
    }
}
