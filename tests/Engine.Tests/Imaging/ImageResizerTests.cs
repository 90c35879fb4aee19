using System.Text.Json;
using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ImageResizerTests
{
    [Theory]
    [InlineData(37, 23)]
    [InlineData(200, 100)]
    [InlineData(7, 90)]
    public void Resize_ConstantImage_StaysConstant(int width, int height)
    {
        var image = Constant(61, 45, 0.3f, 0.6f, 0.9f);

        var resized = ImageResizer.Resize(image, width, height);

        Assert.Equal((width, height), (resized.Width, resized.Height));
        for (int c = 0; c < 3; c++)
        {
            float expected = 0.3f * (c + 1);
            foreach (float v in resized.Channel(c))
            {
                Assert.Equal(expected, v, 5);
            }
        }
    }

    [Fact]
    public void Resize_CheckerboardDownscaledByFour_AveragesToGrey()
    {
        var image = RgbImage.Create(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                float v = (x + y) % 2;
                for (int c = 0; c < 3; c++)
                {
                    image.Pixels[(c * image.Plane) + (y * 64) + x] = v;
                }
            }
        }

        var resized = ImageResizer.Resize(image, 16, 16);

        Assert.All(resized.Pixels, v => Assert.InRange(v, 0.49f, 0.51f));
    }

    [Fact]
    public void Resize_Float32Plane_MatchesPillowsLanczos()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ImageFixtures.PathOf("resize_lanczos.json")));
        var root = json.RootElement;
        int width = root.GetProperty("width").GetInt32(), height = root.GetProperty("height").GetInt32();
        var source = root.GetProperty("source").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var image = new RgbImage(width, height, [.. source, .. source, .. source]);

        foreach (var entry in root.GetProperty("resized").EnumerateObject())
        {
            var size = entry.Name.Split('x').Select(int.Parse).ToArray();
            var expected = entry.Value.EnumerateArray().Select(e => e.GetSingle()).ToArray();

            var resized = ImageResizer.Resize(image, size[0], size[1]);

            for (int c = 0; c < 3; c++)
            {
                var actual = resized.Channel(c).ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f, $"{entry.Name} [{i}]: {actual[i]} vs Pillow {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(400, 300, 200, 200, 150)]
    [InlineData(300, 400, 200, 150, 200)]
    [InlineData(101, 33, 50, 50, 16)]   // 16.34 rounds to 16
    [InlineData(100, 1, 10, 10, 1)]     // never below one pixel
    [InlineData(64, 48, 512, 512, 384)] // upscaling too
    public void ResizeLongSide_ScalesTheLongerSide_KeepingAspect(int w, int h, int longSide, int expectedW, int expectedH)
    {
        var resized = ImageResizer.ResizeLongSide(Constant(w, h, 0.5f, 0.5f, 0.5f), longSide);

        Assert.Equal((expectedW, expectedH), (resized.Width, resized.Height));
    }

    [Fact]
    public void ResizeLongSide_Zero_KeepsTheImage()
    {
        var image = ImageFixtures.Smooth(30, 20);

        Assert.Same(image, ImageResizer.ResizeLongSide(image, 0));
    }

    [Fact]
    public void Resize_NonPositiveSize_Throws()
    {
        Assert.Throws<NstException>(() => ImageResizer.Resize(ImageFixtures.Smooth(8, 8), 0, 4));
        Assert.Throws<NstException>(() => ImageResizer.ResizeLongSide(ImageFixtures.Smooth(8, 8), -1));
    }

    [Fact]
    public void Resize_SameSize_ReturnsAnEqualCopy()
    {
        var image = ImageFixtures.Smooth(30, 20, alpha: true);

        var resized = ImageResizer.Resize(image, 30, 20);

        Assert.NotSame(image.Pixels, resized.Pixels);
        Assert.Equal(image.Pixels, resized.Pixels);
        Assert.Equal(image.Alpha, resized.Alpha);
    }

    [Fact]
    public void Resize_WithAlpha_ResizesAlphaAndIgnoresHiddenColour()
    {
        // Left half opaque red, right half fully transparent green: no green may bleed into the result.
        var image = RgbImage.Create(32, 8);
        var alpha = new float[image.Plane];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                int i = (y * 32) + x;
                bool left = x < 16;
                image.Pixels[i] = left ? 1f : 0f;
                image.Pixels[image.Plane + i] = left ? 0f : 1f;
                alpha[i] = left ? 1f : 0f;
            }
        }

        var resized = ImageResizer.Resize(image.WithAlpha(alpha), 8, 2);

        Assert.NotNull(resized.Alpha);
        Assert.Equal(1f, resized.Alpha[0], 3);
        Assert.Equal(0f, resized.Alpha[7], 3);
        for (int x = 0; x < 4; x++)
        {
            Assert.True(resized.Channel(1)[x] < 1e-3f, $"green bled into x={x}");
        }
    }

    [Fact]
    public void Resize_SameInputTwice_IsBitIdentical()
    {
        var image = ImageFixtures.Smooth(97, 61, alpha: true);

        var a = ImageResizer.Resize(image, 41, 29);
        var b = ImageResizer.Resize(image, 41, 29);

        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Alpha, b.Alpha);
    }

    private static RgbImage Constant(int width, int height, float r, float g, float b)
    {
        var image = RgbImage.Create(width, height);
        image.Channel(0).Fill(r);
        image.Channel(1).Fill(g);
        image.Channel(2).Fill(b);
        return image;
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(1_000_000_000, 1)]
    public void Resize_ResultTooLargeForAnArray_IsRefusedWithoutOverflow(int width, int height)
    {
        var image = new RgbImage(4, 3, new float[36]);
        var e = Assert.Throws<NstException>(() => ImageResizer.Resize(image, width, height));
        Assert.Contains("too large", e.Message);
    }
}
