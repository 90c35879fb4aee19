using Nst.Engine.Imaging;

namespace Nst.Cli.Tests;

internal static class TestImages
{
    /// <summary>Writes a small smooth test image with our own encoder.</summary>
    public static string Write(string path, int seed, int w = 40, int h = 30)
    {
        var rng = new Random(seed);
        var px = new float[3 * w * h];
        for (int i = 0; i < w * h; i++)
        {
            float n = (float)rng.NextDouble() * 0.2f;
            px[i] = (i % w) / (float)w * 0.8f + n;
            px[w * h + i] = (i / w) / (float)h * 0.8f + n;
            px[2 * w * h + i] = 0.3f + n;
        }

        ImageCodec.Save(path, new RgbImage(w, h, px));
        return path;
    }
}
