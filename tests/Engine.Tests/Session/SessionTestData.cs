using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;

namespace Nst.Engine.Tests.Session;

/// <summary>Small images and a checkpoint round trip shared by the session tests.</summary>
internal static class SessionTestData
{
    /// <summary>Smooth gradients plus noise, so features are not degenerate.</summary>
    public static RgbImage Image(int seed, int w, int h)
    {
        var rng = new Random(seed);
        var px = new float[3 * w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                float n = (float)rng.NextDouble() * 0.2f;
                px[y * w + x] = (x / (float)w * 0.8f) + n;
                px[w * h + y * w + x] = (y / (float)h * 0.8f) + n;
                px[2 * w * h + y * w + x] = 0.5f + (n * 2);
            }
        }

        return new RgbImage(w, h, px);
    }

    /// <summary>Through bytes and back, as a checkpoint travels between processes.</summary>
    public static Checkpoint RoundTrip(Checkpoint checkpoint)
    {
        using var ms = new MemoryStream();
        checkpoint.WriteTo(ms);
        ms.Position = 0;
        return Checkpoint.Read(ms);
    }

    public static int[] Bits(ReadOnlySpan<float> values) => [.. values.ToArray().Select(BitConverter.SingleToInt32Bits)];
}
