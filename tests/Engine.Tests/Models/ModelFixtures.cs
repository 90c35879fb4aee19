using Xunit;
using System.Runtime.InteropServices;
using Nst.Engine.Models;

namespace Nst.Engine.Tests.Models;

/// <summary>The narrow VGG19 written by scripts/fixtures/make_model_fixtures.py.</summary>
internal static class ModelFixtures
{
    public static readonly int[] Widths = [4, 4, 8, 8, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16];

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", name);

    /// <summary>Every conv's weight then bias as the script stored them, per layer.</summary>
    public static (float[] Weight, float[] Bias)[] Expected(string binName = "narrow_vgg19_expected.bin")
    {
        float[] all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path(binName))).ToArray();
        var layers = new (float[], float[])[Widths.Length];
        int at = 0, inChannels = 3;
        for (int i = 0; i < Widths.Length; i++)
        {
            int w = Widths[i] * inChannels * 9;
            layers[i] = (all[at..(at + w)], all[(at + w)..(at + w + Widths[i])]);
            at += w + Widths[i];
            inChannels = Widths[i];
        }

        Assert.Equal(all.Length, at);
        return layers;
    }

    public static void AssertBitIdentical((float[] Weight, float[] Bias)[] expected, Vgg19Weights weights)
    {
        Assert.Equal(expected.Length, weights.Convs.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Bits(expected[i].Weight), Bits(weights.Convs[i].Weight));
            Assert.Equal(Bits(expected[i].Bias), Bits(weights.Convs[i].Bias));
        }
    }

    public static uint[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToUInt32Bits);

    /// <summary>A copy of a fixture in a fresh temp folder, optionally cut to a length or renamed.</summary>
    public static string TempCopy(string fixture, string? newName = null, long? truncateTo = null)
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nst-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = System.IO.Path.Combine(dir, newName ?? fixture);
        byte[] bytes = File.ReadAllBytes(Path(fixture));
        File.WriteAllBytes(path, truncateTo is long n ? bytes[..(int)n] : bytes);
        return path;
    }
}
