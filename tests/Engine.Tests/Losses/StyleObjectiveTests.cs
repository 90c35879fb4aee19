using Nst.Engine.Losses;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;

namespace Nst.Engine.Tests.Losses;

public class StyleObjectiveTests
{
    private static ObjectiveSpec Spec(Preprocess preprocess, PoolingMode pooling) => new(
        ContentLayers: [Vgg19Layout.Resolve("relu4_2"), Vgg19Layout.Resolve("conv3_1")],
        StyleLayers: [1, 6, 11, 20],
        StyleLayerWeights: [1f, 0.5f, 2f, 1f],
        ContentWeight: 3f,
        StyleWeight: 200f,
        TvWeight: 0.05f,
        Preprocess: preprocess,
        Pooling: pooling);

    // Each part alone and all together, so that an error in a small part is not hidden by a large one.
    [Theory]
    [InlineData(Preprocess.Torchvision, PoolingMode.Max, 1f, 1f, 1f)]
    [InlineData(Preprocess.Torchvision, PoolingMode.Max, 1f, 0f, 0f)]
    [InlineData(Preprocess.Torchvision, PoolingMode.Max, 0f, 1f, 0f)]
    [InlineData(Preprocess.Torchvision, PoolingMode.Max, 0f, 0f, 1f)]
    [InlineData(Preprocess.Caffe, PoolingMode.Avg, 1f, 1f, 1f)]
    [InlineData(Preprocess.Caffe, PoolingMode.Avg, 1f, 0f, 0f)]
    [InlineData(Preprocess.Caffe, PoolingMode.Avg, 0f, 1f, 0f)]
    public void Evaluate_RandomDirections_GradientMatchesFiniteDifferences(Preprocess preprocess, PoolingMode pooling, float content_, float style_, float tv_)
    {
        var convs = TestNetworks.Narrow(7);
        using var content = TestNetworks.Image(1, 20, 24);
        using var style = TestNetworks.Image(2, 18, 18);
        var spec = Spec(preprocess, pooling);
        if (preprocess == Preprocess.Caffe) spec = spec with { StyleWeight = 1e-4f, ContentWeight = 1e-2f };
        spec = spec with { ContentWeight = spec.ContentWeight * content_, StyleWeight = spec.StyleWeight * style_, TvWeight = spec.TvWeight * tv_ };
        using var objective = StyleObjective.Create(convs, spec, content, [(style, 1f)]);
        using var xt = TestNetworks.Image(3, 20, 24);
        var x = xt.ToArray();
        var grad = new float[x.Length];
        objective.Evaluate(x, grad);
        Assert.True(objective.Last.Total > 0);

        var rng = new Random(11);
        var scratch = new float[x.Length];
        var errors = new List<double>();
        for (int trial = 0; trial < 8; trial++)
        {
            // Along the gradient plus noise: a random direction alone is nearly orthogonal to the gradient, and
            // then float32 noise swamps the small derivative.
            float gmax = grad.Max(MathF.Abs);
            var d = new float[x.Length];
            for (int i = 0; i < d.Length; i++) d[i] = (grad[i] / gmax) + (float)(rng.NextDouble() - 0.5);
            double analytic = 0;
            for (int i = 0; i < d.Length; i++) analytic += (double)grad[i] * d[i];

            const float h = 1e-3f;
            double Eval(float s)
            {
                var xs = new float[x.Length];
                for (int i = 0; i < x.Length; i++) xs[i] = x[i] + s * d[i];
                objective.Evaluate(xs, scratch);
                return objective.Last.Total;
            }

            double numeric = (Eval(h) - Eval(-h)) / (2 * h);
            errors.Add(Math.Abs(numeric - analytic) / (Math.Abs(analytic) + 1e-6));
        }

        // Measured: medians 5e-7..4e-4, worst 1.6e-3 (float32 evaluation noise and ReLU/max-pool kinks crossed
        // within ±h); a wrong factor or a missing term misses by far more.
        errors.Sort();
        double median = (errors[3] + errors[4]) / 2;
        Assert.True(median < 1e-3 && errors[^1] < 5e-3, $"relative errors of directional derivatives: {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
    }

    [Fact]
    public void Evaluate_AtContentWithContentOnly_LossAndGradientAreZero()
    {
        var convs = TestNetworks.Narrow(5);
        using var content = TestNetworks.Image(1, 16, 16);
        var spec = Spec(Preprocess.Torchvision, PoolingMode.Max) with { StyleWeight = 0, TvWeight = 0 };
        using var objective = StyleObjective.Create(convs, spec, content, [(content, 1f)]);
        var grad = new float[content.Length];
        float loss = objective.Evaluate(content.Span, grad);
        Assert.Equal(0f, loss);
        Assert.All(grad, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Create_BlendOfTwoStyles_EqualsBlendedGramTarget()
    {
        var convs = TestNetworks.Narrow(5);
        using var content = TestNetworks.Image(1, 16, 16);
        using var a = TestNetworks.Image(2, 16, 16);
        using var b = TestNetworks.Image(3, 16, 16);
        var spec = Spec(Preprocess.Torchvision, PoolingMode.Max) with { ContentWeight = 0, TvWeight = 0, StyleLayers = [1], StyleLayerWeights = [1f] };
        using var blended = StyleObjective.Create(convs, spec, content, [(a, 3f), (b, 1f)]);
        using var onlyA = StyleObjective.Create(convs, spec, content, [(a, 1f)]);
        var g = new float[content.Length];

        // At x = a the blended loss is mean((G_a − (0.75 G_a + 0.25 G_b))²) = 0.0625 · mean((G_a − G_b)²).
        float blendedLoss = blended.Evaluate(a.Span, g);
        using var onlyB = StyleObjective.Create(convs, spec, content, [(b, 1f)]);
        float abLoss = onlyB.Evaluate(a.Span, g);
        Assert.Equal(0f, onlyA.Evaluate(a.Span, g));
        Assert.Equal(0.0625 * abLoss, blendedLoss, 1e-4 * abLoss);
    }

    [Fact]
    public void Evaluate_NormalizeGradients_ScalesEachLossGradientToWeightSquared()
    {
        var convs = TestNetworks.Narrow(5);
        using var content = TestNetworks.Image(1, 20, 20);
        using var x = TestNetworks.Image(4, 20, 20);
        int layer = Vgg19Layout.Resolve("relu3_1");
        var spec = new ObjectiveSpec([layer], [1], [1f], 3f, 0f, 0f, Preprocess.Torchvision, PoolingMode.Max);
        using var plain = StyleObjective.Create(convs, spec, content, [(content, 1f)]);
        using var normalized = StyleObjective.Create(convs, spec with { NormalizeGradients = true }, content, [(content, 1f)]);
        var g1 = new float[x.Length];
        var g2 = new float[x.Length];
        plain.Evaluate(x.Span, g1);
        normalized.Evaluate(x.Span, g2);

        // dL/dF = 2w(F − P)/n at the layer; normalisation replaces it by w²·dL/dF/‖dL/dF‖, so the input gradient is
        // the plain one times w²/‖dL/dF‖.
        using var net = new Vgg19Network(convs, [layer]);
        using var xhat = Tensor.Like(x);
        var pre = new Preprocessor(Preprocess.Torchvision);
        pre.Forward(content.Span, xhat);
        var p = net.Forward(xhat)[layer].ToArray();
        pre.Forward(x.Span, xhat);
        var f = net.Forward(xhat)[layer].ToArray();
        double norm = 0;
        for (int i = 0; i < f.Length; i++) norm += Math.Pow(2 * 3.0 * (f[i] - p[i]) / f.Length, 2);
        double expectedScale = 9 / (Math.Sqrt(norm) + 1e-8);
        // Relative to the largest entry: entries that are sums with cancellation carry the terms' rounding.
        double scale = g2.Max(MathF.Abs);
        for (int i = 0; i < g1.Length; i++)
        {
            Assert.Equal(g1[i] * expectedScale, g2[i], 1e-5 * scale);
        }
    }
}
