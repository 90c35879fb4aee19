using Nst.Engine.Imaging;

namespace Nst.Functions.Tests.Infrastructure;

/// <summary>Small encoded images made in memory: smooth gradients, different per seed; and a striped style.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, int seed = 0) => Encode(width, height, seed, ImageFormat.Png);

    public static byte[] Jpeg(int width, int height, int seed = 0) => Encode(width, height, seed, ImageFormat.Jpeg);

    /// <summary>A striped pattern, PNG-encoded: enough texture for the style loss to pull on.</summary>
    public static byte[] Style(int size = 40)
    {
        var image = RgbImage.Create(size, size);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    image.Pixels[c * image.Plane + y * size + x] = ((x / 4 + y / 6 + c) % 3) / 2f;
                }
            }
        }

        return ImageCodec.Encode(image, ImageFormat.Png);
    }

    private static byte[] Encode(int width, int height, int seed, ImageFormat format)
    {
        var image = RgbImage.Create(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                image.Pixels[i] = (float)x / width;
                image.Pixels[image.Plane + i] = (float)y / height;
                image.Pixels[2 * image.Plane + i] = 0.5f + 0.4f * MathF.Sin((x + y + seed) * 0.3f);
            }
        }

        return ImageCodec.Encode(image, format);
    }
}
