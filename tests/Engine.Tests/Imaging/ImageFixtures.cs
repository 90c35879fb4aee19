using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

/// <summary>Paths and expectations shared by the imaging tests (fixtures from scripts/fixtures/make_image_fixtures.py).</summary>
internal static class ImageFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "images", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static RgbImage Load(string name) => ImageCodec.Decode(Bytes(name));

    /// <summary>The script's pattern(): exact 8-bit values for pixel (x, y), channel c.</summary>
    public static int Pattern(int x, int y, int c) => c switch
    {
        0 => ((x * 7) + (y * 3)) % 256,
        1 => (x * 5) % 256,
        _ => (y * 11) % 256,
    };

    /// <summary>The value of channel c at (x, y), as 0..255 rounded.</summary>
    public static int At(RgbImage image, int x, int y, int c) =>
        (int)MathF.Round(image.Pixels[(c * image.Plane) + (y * image.Width) + x] * 255f);

    /// <summary>Largest absolute difference of the RGB planes, in 0..255 units.</summary>
    public static float MaxDifference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        float max = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        }

        return max * 255f;
    }

    /// <summary>A seeded image of smooth colours, alpha optional.</summary>
    public static RgbImage Smooth(int width, int height, bool alpha = false)
    {
        var image = RgbImage.Create(width, height);
        int plane = image.Plane;
        var a = alpha ? new float[plane] : null;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                image.Pixels[i] = x / (float)(width - 1);
                image.Pixels[plane + i] = y / (float)(height - 1);
                image.Pixels[(2 * plane) + i] = 0.5f + (0.4f * MathF.Sin(x / 5f) * MathF.Cos(y / 4f));
                if (a is not null)
                {
                    a[i] = ((x + y) % 7) / 6f;
                }
            }
        }

        return image.WithAlpha(a);
    }

    /// <summary>A seeded image of random 8-bit values (exactly representable by every lossless codec).</summary>
    public static RgbImage Random8Bit(int width, int height, bool alpha, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[3 * width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(256) / 255f;
        }

        float[]? a = null;
        if (alpha)
        {
            a = new float[width * height];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = random.Next(1, 256) / 255f;
            }
        }

        return new RgbImage(width, height, pixels, a);
    }
}
