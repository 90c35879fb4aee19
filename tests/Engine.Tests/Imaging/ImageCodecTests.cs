using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ImageCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncodePng_ThenDecode_IsExact(bool alpha)
    {
        var image = ImageFixtures.Random8Bit(37, 23, alpha, seed: 1);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Png));

        Assert.Equal(image.Pixels, decoded.Pixels);
        Assert.Equal(image.Alpha, decoded.Alpha);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncodeLosslessWebP_ThenDecode_IsExact(bool alpha)
    {
        var image = ImageFixtures.Random8Bit(37, 23, alpha, seed: 2);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.WebP, lossless: true));

        Assert.Equal(ImageFormat.WebP, decoded.SourceFormat);
        Assert.Equal(image.Pixels, decoded.Pixels);
        Assert.Equal(image.Alpha, decoded.Alpha);
    }

    [Fact]
    public void EncodeJpegQuality95_ThenDecode_IsClose()
    {
        var image = ImageFixtures.Smooth(64, 48);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Jpeg, quality: 95));

        Assert.Equal(ImageFormat.Jpeg, decoded.SourceFormat);
        Assert.True(ImageFixtures.MaxDifference(image, decoded) <= 10f);
        Assert.True(MeanDifference(image, decoded) <= 1.5f);
    }

    [Fact]
    public void EncodeJpeg_ImageWithAlpha_DropsAlpha()
    {
        var image = ImageFixtures.Smooth(32, 16, alpha: true);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Jpeg));

        Assert.Null(decoded.Alpha);
        Assert.True(MeanDifference(image, decoded) <= 1.5f);
    }

    [Fact]
    public void EncodeLossyWebP_ThenDecode_IsCloseAndKeepsAlpha()
    {
        var image = ImageFixtures.Smooth(64, 48, alpha: true);

        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.WebP, quality: 90));

        Assert.NotNull(decoded.Alpha);
        Assert.True(MeanDifference(image, decoded) <= 4f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Encode_QualityOutOfRange_Throws(int quality)
    {
        Assert.Throws<NstException>(() => ImageCodec.Encode(ImageFixtures.Smooth(8, 8), ImageFormat.Jpeg, quality));
    }

    [Fact]
    public void Decode_RandomBytes_ThrowsNotAnImage()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x00;

        var error = Assert.Throws<NstException>(() => ImageCodec.Decode(bytes));
        Assert.Contains("not a JPEG, PNG or WebP image", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.WebP)]
    public void Decode_RightMagicThenRandomBytes_ThrowsNstException(ImageFormat format)
    {
        var header = ImageCodec.Encode(ImageFixtures.Smooth(16, 16), format).AsSpan(0, 16).ToArray();
        var bytes = new byte[2048];
        new Random(11).NextBytes(bytes);
        header.CopyTo(bytes, 0);

        Assert.Throws<NstException>(() => ImageCodec.Decode(bytes));
    }

    [Fact]
    public void Decode_MoreBytesThanTheLimit_ThrowsBeforeSniffing()
    {
        var limits = new ImageLimits { MaxBytes = 100 };

        var error = Assert.Throws<NstException>(() => ImageCodec.Decode(ImageFixtures.Bytes("baseline.jpg"), limits));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HugeFileOverTheDefaultLimit_ThrowsWithoutReadingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nst-huge-{Guid.NewGuid():N}.jpg");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(ImageLimits.Default.MaxBytes + 1); // sparse: no data is written
            }

            var error = Assert.Throws<NstException>(() => ImageCodec.Load(path));
            Assert.Contains("104,857,601 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFound()
    {
        var error = Assert.Throws<NstException>(() => ImageCodec.Load("/nonexistent/photo.jpg"));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out.jpg", ImageFormat.Jpeg)]
    [InlineData("out.JPEG", ImageFormat.Jpeg)]
    [InlineData("out.png", ImageFormat.Png)]
    [InlineData("out.webp", ImageFormat.WebP)]
    public void Save_ThenLoad_UsesTheExtensionsFormat(string name, ImageFormat expected)
    {
        var dir = Directory.CreateTempSubdirectory("nst-save-");
        try
        {
            var path = Path.Combine(dir.FullName, name);
            ImageCodec.Save(path, ImageFixtures.Smooth(20, 10));

            Assert.Equal(expected, ImageSniffer.Sniff(File.ReadAllBytes(path)));
            Assert.Equal((20, 10), (ImageCodec.Load(path).Width, ImageCodec.Load(path).Height));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("out.bmp")]
    [InlineData("out")]
    public void Save_UnknownExtension_ThrowsListingTheAllowedOnes(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), name);

        var error = Assert.Throws<NstException>(() => ImageCodec.Save(path, ImageFixtures.Smooth(4, 4)));

        Assert.Contains(".jpg, .jpeg, .png, .webp", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    private static float MeanDifference(RgbImage a, RgbImage b)
    {
        double sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        }

        return (float)(sum / a.Pixels.Length * 255);
    }
}
