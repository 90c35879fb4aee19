using Nst.Engine.Losses;

namespace Nst.Engine.Tests.Losses;

public class TotalVariationLossTests
{
    private static float[] Image(int seed, int n)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
    }

    [Fact]
    public void EvaluatePowerAccumulate_PowerOne_EqualsPlainTv()
    {
        var x = Image(1, 3 * 7 * 9);
        var g1 = new float[x.Length];
        var g2 = new float[x.Length];
        double a = TotalVariationLoss.EvaluateAccumulate(x, g1, 3, 7, 9, 0.3f);
        double b = TotalVariationLoss.EvaluatePowerAccumulate(x, g2, 3, 7, 9, 0.3f, 1f);
        Assert.Equal(a, b, 1e-9 * a);
        for (int i = 0; i < x.Length; i++) Assert.Equal(g1[i], g2[i], 1e-5f);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(1.25f)]
    [InlineData(2f)]
    public void EvaluatePowerAccumulate_AnyPower_GradientMatchesCentralDifferences(float power)
    {
        const int c = 3, h = 5, w = 6;
        var x = Image(2, c * h * w);
        var grad = new float[x.Length];
        TotalVariationLoss.EvaluatePowerAccumulate(x, grad, c, h, w, 0.7f, power);
        var scratch = new float[x.Length];
        foreach (int i in new[] { 0, 7, 31, 44, 89 })
        {
            const float step = 1e-3f;
            var xp = (float[])x.Clone();
            var xm = (float[])x.Clone();
            xp[i] += step;
            xm[i] -= step;
            double numeric = (TotalVariationLoss.EvaluatePowerAccumulate(xp, scratch, c, h, w, 0.7f, power)
                - TotalVariationLoss.EvaluatePowerAccumulate(xm, scratch, c, h, w, 0.7f, power)) / (xp[i] - xm[i]);
            Assert.Equal(numeric, grad[i], 2e-3 * Math.Max(1, Math.Abs(numeric)));
        }
    }

    [Fact]
    public void EvaluateAccumulate_ConstantImage_IsZero()
    {
        var x = Enumerable.Repeat(0.4f, 3 * 4 * 4).ToArray();
        var g = new float[x.Length];
        Assert.Equal(0, TotalVariationLoss.EvaluateAccumulate(x, g, 3, 4, 4, 1f));
        Assert.Equal(0, TotalVariationLoss.EvaluatePowerAccumulate(x, g, 3, 4, 4, 1f, 0.5f));
        Assert.All(g, v => Assert.Equal(0f, v));
    }
}
