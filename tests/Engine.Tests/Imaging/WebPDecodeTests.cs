using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class WebPDecodeTests
{
    [Fact]
    public void Decode_LosslessWebP_IsExact()
    {
        var image = ImageFixtures.Load("lossless.webp");

        Assert.Equal((40, 30, ImageFormat.WebP), (image.Width, image.Height, image.SourceFormat));
        Assert.Null(image.Alpha);
        PngDecodeTests.AssertPatternOf(image);
    }

    [Fact]
    public void Decode_LosslessWebPWithAlpha_KeepsAlphaExactly()
    {
        var image = ImageFixtures.Load("lossless_alpha.webp");

        Assert.NotNull(image.Alpha);
        for (int i = 0; i < image.Plane; i++)
        {
            Assert.Equal((i * 13) % 256, (int)MathF.Round(image.Alpha[i] * 255f));
        }

        PngDecodeTests.AssertPatternOf(image);
    }

    [Fact]
    public void Decode_LossyWebP_MatchesPillowsDecode()
    {
        var image = ImageFixtures.Load("lossy.webp");
        var reference = ImageFixtures.Load("lossy.ref.png");

        Assert.True(ImageFixtures.MaxDifference(image, reference) <= 1.01f);
    }

    [Fact]
    public void Decode_WebPWithExifOrientation6_IsRotatedUpright()
    {
        var image = ImageFixtures.Load("orient6.webp");

        Assert.Equal((16, 24), (image.Width, image.Height));
        JpegDecodeTests.AssertColour(image, 0, 0, (0, 0, 255), tolerance: 0);
        JpegDecodeTests.AssertColour(image, 15, 0, (255, 0, 0), tolerance: 0);
        JpegDecodeTests.AssertColour(image, 0, 23, (255, 255, 255), tolerance: 0);
        JpegDecodeTests.AssertColour(image, 15, 23, (0, 255, 0), tolerance: 0);
    }

    [Fact]
    public void Decode_TruncatedWebP_ThrowsCorrupt()
    {
        var bytes = ImageFixtures.Bytes("lossy.webp");
        var error = Assert.Throws<NstException>(() => ImageCodec.Decode(bytes.AsSpan(0, bytes.Length - 40)));
        Assert.Contains("Corrupt or truncated WebP", error.Message, StringComparison.Ordinal);
    }
}
