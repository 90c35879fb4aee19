using System.Text.Json;
using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class JpegDecodeTests
{
    [Fact]
    public void Decode_BaselineJpeg_MatchesPillowsDecode()
    {
        var image = ImageFixtures.Load("baseline.jpg");
        var reference = ImageFixtures.Load("baseline.ref.png");

        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.Equal(ImageFormat.Jpeg, image.SourceFormat);
        Assert.Null(image.Alpha);
        Assert.True(ImageFixtures.MaxDifference(image, reference) <= 1.01f);
    }

    [Fact]
    public void Decode_GreyscaleJpeg_GivesEqualChannelsMatchingPillow()
    {
        var image = ImageFixtures.Load("grey.jpg");
        var reference = ImageFixtures.Load("grey.ref.png");

        Assert.True(ImageFixtures.MaxDifference(image, reference) <= 1.01f);
        Assert.Equal(image.Channel(0).ToArray(), image.Channel(1).ToArray());
        Assert.Equal(image.Channel(0).ToArray(), image.Channel(2).ToArray());
    }

    [Fact]
    public void Decode_ProgressiveJpegWithOrientation6_IsRotatedUpright()
    {
        // Stored 24x16: red top-left, green top-right, blue bottom-left, white bottom-right.
        // Rotated 90° clockwise: 16x24 with blue top-left, red top-right, white bottom-left, green bottom-right.
        var image = ImageFixtures.Load("progressive_orient6.jpg");

        Assert.Equal((16, 24), (image.Width, image.Height));
        AssertColour(image, 1, 1, (0, 0, 255));
        AssertColour(image, 14, 1, (255, 0, 0));
        AssertColour(image, 1, 22, (255, 255, 255));
        AssertColour(image, 14, 22, (0, 255, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Decode_EveryExifOrientation_MatchesPillowsExifTranspose(int orientation)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ImageFixtures.PathOf("orientation.json")));
        var expected = json.RootElement.GetProperty(orientation.ToString());
        var image = ImageFixtures.Load($"orient{orientation}.jpg");

        Assert.Equal(expected.GetProperty("width").GetInt32(), image.Width);
        Assert.Equal(expected.GetProperty("height").GetInt32(), image.Height);
        var corners = expected.GetProperty("corners").EnumerateArray().ToArray();
        (int X, int Y)[] at = [(1, 1), (image.Width - 2, 1), (1, image.Height - 2), (image.Width - 2, image.Height - 2)];
        for (int k = 0; k < 4; k++)
        {
            var rgb = corners[k].EnumerateArray().Select(e => e.GetInt32()).ToArray();
            AssertColour(image, at[k].X, at[k].Y, (rgb[0], rgb[1], rgb[2]));
        }
    }

    [Fact]
    public void Decode_AdobeCmykJpeg_GivesTheInksColours()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ImageFixtures.PathOf("cmyk.json")));
        int patch = json.RootElement.GetProperty("patch").GetInt32();
        var colours = json.RootElement.GetProperty("rgb").EnumerateArray().ToArray();
        var image = ImageFixtures.Load("cmyk.jpg");

        Assert.Equal((patch * colours.Length, patch), (image.Width, image.Height));
        for (int k = 0; k < colours.Length; k++)
        {
            var rgb = colours[k].EnumerateArray().Select(e => e.GetInt32()).ToArray();
            AssertColour(image, (k * patch) + (patch / 2), patch / 2, (rgb[0], rgb[1], rgb[2]), tolerance: 6);
        }
    }

    [Fact]
    public void Decode_TruncatedJpeg_ThrowsCorrupt()
    {
        var error = Assert.Throws<NstException>(() => ImageFixtures.Load("truncated.jpg"));
        Assert.Contains("Corrupt or truncated JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_StrayBytesBetweenSegments_StillDecodesEveryPixel()
    {
        // libjpeg only warns ("extraneous bytes before marker") and decodes the whole image.
        var bytes = ImageFixtures.Bytes("baseline.jpg");
        int afterApp0 = 4 + ((bytes[4] << 8) | bytes[5]);
        byte[] damaged = [.. bytes.AsSpan(0, afterApp0), 0x12, 0x34, 0x56, .. bytes.AsSpan(afterApp0)];

        var image = ImageCodec.Decode(damaged);

        Assert.Equal(0f, ImageFixtures.MaxDifference(image, ImageCodec.Decode(bytes)));
    }

    [Fact]
    public void Decode_JpegHeaderOnly_ThrowsCorrupt()
    {
        var bytes = ImageFixtures.Bytes("baseline.jpg").AsSpan(0, 40).ToArray();
        Assert.Throws<NstException>(() => ImageCodec.Decode(bytes));
    }

    [Fact]
    public void Decode_JpegOverPixelLimit_ThrowsBeforeDecoding()
    {
        var limits = new ImageLimits { MaxPixels = 1000 };
        var error = Assert.Throws<NstException>(() => ImageCodec.Decode(ImageFixtures.Bytes("baseline.jpg"), limits));
        Assert.Contains("64x48", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertColour(RgbImage image, int x, int y, (int R, int G, int B) expected, int tolerance = 8)
    {
        var actual = (ImageFixtures.At(image, x, y, 0), ImageFixtures.At(image, x, y, 1), ImageFixtures.At(image, x, y, 2));
        Assert.True(
            Math.Abs(actual.Item1 - expected.R) <= tolerance
            && Math.Abs(actual.Item2 - expected.G) <= tolerance
            && Math.Abs(actual.Item3 - expected.B) <= tolerance,
            $"pixel ({x},{y}) is {actual}, expected {expected} ± {tolerance}");
    }
}
