using Nst.Engine.Kernels;
using Nst.Engine.Tensors;

namespace Nst.Engine.Tests;

/// <summary>Small random VGG19-shaped networks and images for tests that need no fixture file.</summary>
internal static class TestNetworks
{
    public static ConvWeights[] Narrow(int seed, params int[] widths)
    {
        if (widths.Length == 0) widths = [4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];
        var rng = new Random(seed);
        var convs = new ConvWeights[16];
        int cin = 3;
        for (int k = 0; k < 16; k++)
        {
            int cout = widths[k];
            float std = MathF.Sqrt(2f / (cout * 9));
            var w = new float[cout * cin * 9];
            for (int i = 0; i < w.Length; i++) w[i] = (float)((rng.NextDouble() * 2 - 1) * std * 1.7);
            var b = new float[cout];
            for (int i = 0; i < b.Length; i++) b[i] = (float)((rng.NextDouble() * 2 - 1) * 0.1);
            convs[k] = new ConvWeights(cout, cin, w, b);
            cin = cout;
        }

        return convs;
    }

    public static Tensor Image(int seed, int h, int w)
    {
        var rng = new Random(seed);
        var t = new Tensor(1, 3, h, w);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = (float)rng.NextDouble();
        return t;
    }
}
