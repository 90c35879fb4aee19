namespace Nst.Engine.Imaging;

/// <summary>
/// The two "preserve colours" methods of Gatys et al., "Preserving Color in Neural Artistic Style
/// Transfer" (2016): keep the content's colours after stylisation (luminance-only transfer), or
/// recolour the style image to the content's colour statistics before stylisation.
/// </summary>
public static class ColorTransfer
{
    private const double CovarianceEpsilon = 1e-5;

    /// <summary>
    /// The stylised image's luminance with the content's chroma, as neural-style's
    /// <c>-original_colors 1</c>: Y (BT.601 luma) from <paramref name="stylised"/>, Cb/Cr from
    /// <paramref name="content"/>. Because Cb and Cr are B−Y and R−Y scaled, this is
    /// out = Y_stylised + (content − Y_content) per channel; YIQ gives the same result, since its
    /// I and Q are also linear in R−Y and B−Y. The content is resized to the stylised size if needed;
    /// the result is clamped to [0, 1] and keeps the stylised image's alpha.
    /// </summary>
    public static RgbImage LuminanceTransfer(RgbImage stylised, RgbImage content)
    {
        ArgumentNullException.ThrowIfNull(stylised);
        ArgumentNullException.ThrowIfNull(content);
        var chroma = ImageResizer.Resize(content, stylised.Width, stylised.Height);
        int plane = stylised.Plane;
        var s = stylised.Pixels;
        var c = chroma.Pixels;
        var output = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            float ys = Luma(s[i], s[plane + i], s[(2 * plane) + i]);
            float yc = Luma(c[i], c[plane + i], c[(2 * plane) + i]);
            for (int k = 0; k < 3; k++)
            {
                int j = (k * plane) + i;
                output[j] = Math.Clamp(ys + (c[j] - yc), 0f, 1f);
            }
        }

        return new RgbImage(stylised.Width, stylised.Height, output, stylised.Alpha, stylised.SourceFormat);
    }

    /// <summary>
    /// <paramref name="source"/> recoloured by the affine map x′ = A(x − μ_s) + μ_t with
    /// A = Σ_t^½ Σ_s^−½ (symmetric eigen square roots, the "image analogies" variant Gatys et al.
    /// found best), so its RGB mean and covariance match <paramref name="target"/>'s — AdaIN's
    /// <c>-preserveColor</c> applies this to the style image. Clamped to [0, 1]; alpha kept.
    /// </summary>
    public static RgbImage MatchColorStatistics(RgbImage source, RgbImage target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        (var meanS, var covS) = Statistics(source);
        (var meanT, var covT) = Statistics(target);
        var a = SymmetricMatrix3.Multiply(
            SymmetricMatrix3.Power(covT, 0.5, CovarianceEpsilon),
            SymmetricMatrix3.Power(covS, -0.5, CovarianceEpsilon));

        int plane = source.Plane;
        var x = source.Pixels;
        var output = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            double r = x[i] - meanS[0], g = x[plane + i] - meanS[1], b = x[(2 * plane) + i] - meanS[2];
            for (int k = 0; k < 3; k++)
            {
                double v = (a[k, 0] * r) + (a[k, 1] * g) + (a[k, 2] * b) + meanT[k];
                output[(k * plane) + i] = (float)Math.Clamp(v, 0.0, 1.0);
            }
        }

        return new RgbImage(source.Width, source.Height, output, source.Alpha, source.SourceFormat);
    }

    /// <summary>BT.601 luma of sRGB-encoded values.</summary>
    internal static float Luma(float r, float g, float b) => (0.299f * r) + (0.587f * g) + (0.114f * b);

    /// <summary>Per-channel mean and the 3×3 covariance (population, over all pixels), plus ε·I.</summary>
    internal static (double[] Mean, double[,] Covariance) Statistics(RgbImage image)
    {
        int plane = image.Plane;
        var p = image.Pixels;
        var mean = new double[3];
        for (int k = 0; k < 3; k++)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++)
            {
                sum += p[(k * plane) + i];
            }

            mean[k] = sum / plane;
        }

        var cov = new double[3, 3];
        for (int k = 0; k < 3; k++)
        {
            for (int l = k; l < 3; l++)
            {
                double sum = 0;
                for (int i = 0; i < plane; i++)
                {
                    sum += (p[(k * plane) + i] - mean[k]) * (p[(l * plane) + i] - mean[l]);
                }

                cov[k, l] = cov[l, k] = (sum / plane) + (k == l ? CovarianceEpsilon : 0);
            }
        }

        return (mean, cov);
    }
}
