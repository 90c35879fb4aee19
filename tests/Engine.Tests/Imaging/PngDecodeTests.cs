using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class PngDecodeTests
{
    [Fact]
    public void Decode_Rgb8Png_IsExact()
    {
        var image = ImageFixtures.Load("rgb8.png");

        Assert.Equal((40, 30, ImageFormat.Png), (image.Width, image.Height, image.SourceFormat));
        Assert.Null(image.Alpha);
        AssertPattern(image, tolerance: 0);
    }

    [Fact]
    public void Decode_Rgb16PngWithoutGamma_IsReadAsSrgbNotLinear()
    {
        // Samples are v·257 + 128: read as sRGB they round back to v; read as linear light they would brighten.
        var image = ImageFixtures.Load("rgb16.png");

        Assert.Equal((40, 30), (image.Width, image.Height));
        AssertPattern(image, tolerance: 1);
    }

    [Fact]
    public void Decode_PaletteWithTransparency_KeepsAlpha()
    {
        // Quadrants use palette entries 0..3 with tRNS alphas 255, 0, 128, 255.
        var image = ImageFixtures.Load("palette_alpha.png");

        Assert.NotNull(image.Alpha);
        float AlphaAt(int x, int y) => image.Alpha![(y * image.Width) + x];
        Assert.Equal(1f, AlphaAt(2, 2));
        Assert.Equal(0f, AlphaAt(12, 2));
        Assert.Equal(128 / 255f, AlphaAt(2, 12), 5);
        Assert.Equal(1f, AlphaAt(12, 12));
        JpegDecodeTests.AssertColour(image, 2, 2, (255, 0, 0), tolerance: 0);
        JpegDecodeTests.AssertColour(image, 2, 12, (0, 0, 255), tolerance: 0);
        JpegDecodeTests.AssertColour(image, 12, 12, (255, 255, 0), tolerance: 0);
    }

    [Fact]
    public void Decode_HeaderClaims100000x100000_ThrowsBeforeAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<NstException>(() => ImageFixtures.Load("huge_header.png"));

        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the decoder allocated pixel memory");
    }

    [Fact]
    public void Decode_TruncatedPng_ThrowsCorrupt()
    {
        var bytes = ImageFixtures.Bytes("rgb16.png");
        var error = Assert.Throws<NstException>(() => ImageCodec.Decode(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Contains("Corrupt or truncated PNG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PngWithDamagedPixelData_ThrowsCorrupt()
    {
        var bytes = ImageFixtures.Bytes("rgb16.png");
        bytes[bytes.Length / 2] ^= 0x5A; // inside IDAT: the CRC no longer matches
        Assert.Throws<NstException>(() => ImageCodec.Decode(bytes));
    }

    private static void AssertPattern(RgbImage image, int tolerance)
    {
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    int expected = ImageFixtures.Pattern(x, y, c);
                    int actual = ImageFixtures.At(image, x, y, c);
                    Assert.True(Math.Abs(expected - actual) <= tolerance, $"({x},{y},{c}) is {actual}, expected {expected}");
                }
            }
        }
    }

    internal static void AssertPatternOf(RgbImage image) => AssertPattern(image, 0);
}
