using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ImageSnifferTests
{
    [Theory]
    [InlineData("baseline.jpg", ImageFormat.Jpeg)]
    [InlineData("cmyk.jpg", ImageFormat.Jpeg)]
    [InlineData("rgb8.png", ImageFormat.Png)]
    [InlineData("lossy.webp", ImageFormat.WebP)]
    [InlineData("lossless.webp", ImageFormat.WebP)]
    public void Sniff_RealFiles_ReturnsTheirFormat(string name, ImageFormat expected)
    {
        Assert.Equal(expected, ImageSniffer.Sniff(ImageFixtures.Bytes(name)));
    }

    [Fact]
    public void Sniff_PngBytesUnderAJpegName_TrustsTheBytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nst-sniff-{Guid.NewGuid():N}.jpg");
        File.Copy(ImageFixtures.PathOf("rgb8.png"), path);
        try
        {
            var image = ImageCodec.Load(path);
            Assert.Equal(ImageFormat.Png, image.SourceFormat);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' })]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' })]
    public void Sniff_OtherBytes_ThrowsNotAnImage(byte[] bytes)
    {
        var error = Assert.Throws<NstException>(() => ImageSniffer.Sniff(bytes));
        Assert.Contains("not a JPEG, PNG or WebP image", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
