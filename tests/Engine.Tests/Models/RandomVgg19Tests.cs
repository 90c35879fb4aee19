using Nst.Engine.Models;
using Xunit;

using Nst.Engine.Nn;

namespace Nst.Engine.Tests.Models;

public class RandomVgg19Tests
{
    [Fact]
    public void Random_SameSeed_IsBitIdenticalAndOtherSeedsDiffer()
    {
        int[] widths = [64, 64, 128, 128, 256, 256, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];
        var a = Vgg19Weights.Random(42, widths);
        var b = Vgg19Weights.Random(42, widths);
        var c = Vgg19Weights.Random(43, widths);

        Assert.True(a.IsRandom);
        for (int i = 0; i < a.Convs.Count; i++)
        {
            Assert.Equal(ModelFixtures.Bits(a.Convs[i].Weight), ModelFixtures.Bits(b.Convs[i].Weight));
            Assert.NotEqual(ModelFixtures.Bits(a.Convs[i].Weight), ModelFixtures.Bits(c.Convs[i].Weight));
        }
    }

    [Fact]
    public void Random_Weights_AreKaimingFanOutNormalWithZeroBias()
    {
        var weights = Vgg19Weights.Random(7, [64, 64, 128, 128, 256, 256, 256, 256, 512, 8, 8, 8, 8, 8, 8, 8]);

        foreach (var conv in weights.Convs.Where((_, i) => i is 0 or 4 or 8))
        {
            double expectedStd = Math.Sqrt(2.0 / (conv.OutChannels * 9));
            double mean = conv.Weight.Average(w => (double)w);
            double std = Math.Sqrt(conv.Weight.Average(w => ((double)w - mean) * (w - mean)));
            double n = conv.Weight.Length;
            // Standard errors: mean σ/√n, std ≈ σ/√(2n); allow 5 of each.
            Assert.InRange(mean, -5 * expectedStd / Math.Sqrt(n), 5 * expectedStd / Math.Sqrt(n));
            Assert.InRange(std / expectedStd, 1 - (5 / Math.Sqrt(2 * n)), 1 + (5 / Math.Sqrt(2 * n)));
            Assert.All(conv.Bias, b => Assert.Equal(0f, b));
        }

        // Normal, not merely the right spread: 68.27% within one σ (n = 1.2M, so ±0.005 is > 10 standard errors).
        var wide = weights.Convs[8];
        double sigma = Math.Sqrt(2.0 / (wide.OutChannels * 9));
        double within = wide.Weight.Count(w => Math.Abs(w) < sigma) / (double)wide.Weight.Length;
        Assert.InRange(within, 0.6827 - 0.005, 0.6827 + 0.005);
    }

    [Fact]
    public void Load_RandomSpec_IsTheStandardWidthModelOfThatSeed()
    {
        var weights = Vgg19Weights.Load("random:7");

        Assert.Contains("random:7", weights.Source);
        Assert.Equal(Vgg19Layout.StandardWidths, weights.Convs.Select(c => c.OutChannels));
        // Layer 0 depends only on the seed and its own shape, so a cheap model with the same first width matches it.
        var small = Vgg19Weights.Random(7, [64, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        Assert.Equal(ModelFixtures.Bits(small.Convs[0].Weight), ModelFixtures.Bits(weights.Convs[0].Weight));
    }

    [Fact]
    public void Random_CustomWidths_ChainsChannels()
    {
        var weights = Vgg19Weights.Random(1, ModelFixtures.Widths);

        Assert.Equal(3, weights.Convs[0].InChannels);
        for (int i = 1; i < weights.Convs.Count; i++)
        {
            Assert.Equal(weights.Convs[i - 1].OutChannels, weights.Convs[i].InChannels);
        }
    }

    [Theory]
    [InlineData("random:")]
    [InlineData("random:-1")]
    [InlineData("random:abc")]
    public void Load_BadRandomSeed_ThrowsNstException(string spec)
    {
        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(spec));

        Assert.Contains("random:42", e.Message);
    }

    [Fact]
    public void Random_WrongNumberOfWidths_ThrowsNstException()
    {
        Assert.Throws<NstException>(() => Vgg19Weights.Random(1, [4, 4]));
    }

    [Fact]
    public void DeterministicLog_MatchesMathLogToTheLastBitOrTwo()
    {
        var random = new Random(5);
        for (int i = 0; i < 10000; i++)
        {
            double x = random.NextDouble() * Math.Pow(2, random.Next(-100, 100)) + double.Epsilon * 1e300;
            double expected = Math.Log(x);

            Assert.InRange(DeterministicMath.Log(x) - expected, -4e-16 * Math.Max(1, Math.Abs(expected)), 4e-16 * Math.Max(1, Math.Abs(expected)));
        }
    }
}
