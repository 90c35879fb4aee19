using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ColorTransferTests
{
    [Fact]
    public void LuminanceTransfer_KeepsStylisedLumaAndContentChroma()
    {
        var stylised = Random(48, 32, seed: 1, mean: [0.6f, 0.4f, 0.4f], spread: 0.15f); // reddish
        var content = Random(48, 32, seed: 2, mean: [0.4f, 0.45f, 0.6f], spread: 0.1f);  // bluish

        var output = ColorTransfer.LuminanceTransfer(stylised, content);

        int plane = output.Plane;
        for (int i = 0; i < plane; i++)
        {
            Assert.Equal(Luma(stylised, i), Luma(output, i), 4);
            Assert.Equal(Cb(content, i), Cb(output, i), 4);
            Assert.Equal(Cr(content, i), Cr(output, i), 4);
        }

        // The chroma statistics follow the content, not the stylised image.
        double meanCr = Enumerable.Range(0, plane).Average(i => Cr(output, i));
        Assert.Equal(Enumerable.Range(0, plane).Average(i => Cr(content, i)), meanCr, 4);
        Assert.True(Math.Abs(meanCr - Enumerable.Range(0, plane).Average(i => Cr(stylised, i))) > 0.05);
    }

    [Fact]
    public void LuminanceTransfer_ContentOfAnotherSize_IsResizedToTheStylisedSize()
    {
        var stylised = Random(40, 30, seed: 3, mean: [0.5f, 0.5f, 0.5f], spread: 0.1f);
        var content = Random(80, 60, seed: 4, mean: [0.5f, 0.3f, 0.3f], spread: 0.0f);

        var output = ColorTransfer.LuminanceTransfer(stylised, content);

        Assert.Equal((40, 30), (output.Width, output.Height));
        Assert.Equal(Cr(content, 0), Cr(output, 17), 3);
    }

    [Fact]
    public void MatchColorStatistics_OutputMeanAndCovarianceMatchTheTarget()
    {
        var source = Random(64, 48, seed: 5, mean: [0.3f, 0.5f, 0.6f], spread: 0.08f, correlated: true);
        var target = Random(64, 48, seed: 6, mean: [0.6f, 0.4f, 0.35f], spread: 0.12f);

        var output = ColorTransfer.MatchColorStatistics(source, target);

        (var meanOut, var covOut) = ColorTransfer.Statistics(output);
        (var meanTarget, var covTarget) = ColorTransfer.Statistics(target);
        (var meanSource, _) = ColorTransfer.Statistics(source);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(meanTarget[k], meanOut[k], 4);
            Assert.True(Math.Abs(meanSource[k] - meanOut[k]) > 0.05);
            for (int l = 0; l < 3; l++)
            {
                Assert.True(Math.Abs(covTarget[k, l] - covOut[k, l]) < 2e-5, $"cov[{k},{l}] {covOut[k, l]} vs {covTarget[k, l]}");
            }
        }
    }

    [Fact]
    public void MatchColorStatistics_FlatSource_StaysFiniteAndTakesTheTargetMean()
    {
        var source = Random(16, 16, seed: 7, mean: [0.2f, 0.2f, 0.2f], spread: 0f);
        var target = Random(16, 16, seed: 8, mean: [0.7f, 0.5f, 0.3f], spread: 0.1f);

        var output = ColorTransfer.MatchColorStatistics(source, target);

        (var mean, _) = ColorTransfer.Statistics(output);
        Assert.All(output.Pixels, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(0.7, mean[0], 2);
        Assert.Equal(0.3, mean[2], 2);
    }

    private static double Luma(RgbImage im, int i) => ColorTransfer.Luma(R(im, i), G(im, i), B(im, i));

    private static double Cb(RgbImage im, int i) => 0.564 * (B(im, i) - Luma(im, i));

    private static double Cr(RgbImage im, int i) => 0.713 * (R(im, i) - Luma(im, i));

    private static float R(RgbImage im, int i) => im.Pixels[i];

    private static float G(RgbImage im, int i) => im.Pixels[im.Plane + i];

    private static float B(RgbImage im, int i) => im.Pixels[(2 * im.Plane) + i];

    /// <summary>Seeded colours around a mean; correlated adds a shared component to every channel.</summary>
    private static RgbImage Random(int width, int height, int seed, float[] mean, float spread, bool correlated = false)
    {
        var random = new Random(seed);
        var image = RgbImage.Create(width, height);
        for (int i = 0; i < image.Plane; i++)
        {
            float shared = correlated ? (float)(random.NextDouble() - 0.5) * 2 * spread : 0f;
            for (int c = 0; c < 3; c++)
            {
                float noise = (float)(random.NextDouble() - 0.5) * 2 * spread;
                image.Pixels[(c * image.Plane) + i] = mean[c] + noise + (shared * (c + 1) / 3f);
            }
        }

        return image;
    }
}
