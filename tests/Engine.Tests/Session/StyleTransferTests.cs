using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Tests.Session;

public class StyleTransferTests
{
    private static RgbImage Image(int seed, int w, int h) => SessionTestData.Image(seed, w, h);

    private static StyleTransferOptions Options(OptimizerKind optimizer, int scales = 1, params int[] iterations) => new()
    {
        Size = 32,
        Scales = scales,
        Iterations = iterations.Length == 0 ? [20] : iterations,
        Optimizer = optimizer,
        StyleWeight = 1e3f,
        TvWeight = 1e-2f,
    };

    private static StyleTransfer Create(StyleTransferOptions options) =>
        StyleTransfer.Create(options, TestNetworks.Narrow(3), Image(1, 40, 30), [Image(2, 28, 28)]);

    private static Checkpoint RoundTrip(Checkpoint checkpoint) => SessionTestData.RoundTrip(checkpoint);

    [Theory]
    [InlineData(OptimizerKind.Lbfgs, false)]
    [InlineData(OptimizerKind.Lbfgs, true)]
    [InlineData(OptimizerKind.Adam, false)]
    public void Resume_FromMidRunCheckpoint_EndsBitIdenticalToUnbrokenRun(OptimizerKind optimizer, bool strongWolfe)
    {
        var options = Options(optimizer) with { StrongWolfe = strongWolfe };
        using var unbroken = Create(options);
        unbroken.Run(20);

        Checkpoint middle;
        using (var first = Create(options))
        {
            first.Run(10);
            middle = RoundTrip(first.Export());
        }

        using var second = Create(options);
        second.Resume(middle);
        Assert.Equal(10, second.Iteration);
        second.Run(100);

        Assert.Equal(20, second.Iteration);
        Assert.True(unbroken.Image.SequenceEqual(second.Image), "resumed image differs from the unbroken run");
        Assert.Equal(unbroken.LastLoss, second.LastLoss);
    }

    [Fact]
    public void Resume_MidwayThroughMiddleScale_EndsBitIdenticalToUnbrokenRun()
    {
        var options = Options(OptimizerKind.Lbfgs, 3, 4, 6, 3) with { Size = 48 };
        using var unbroken = Create(options);
        var sizes = new List<(int, int)>();
        while (!unbroken.IsComplete)
        {
            var r = unbroken.Step()!;
            if (sizes.Count == 0 || sizes[^1] != (r.Width, r.Height)) sizes.Add((r.Width, r.Height));
        }

        Assert.Equal([(21, 16), (24, 18), (48, 36)], sizes);
        Assert.Equal(13, unbroken.Iteration);

        Checkpoint middle;
        using (var first = Create(options))
        {
            first.Run(7); // 4 at scale 0, 3 of the 6 at scale 1
            Assert.Equal(1, first.Scale);
            middle = RoundTrip(first.Export());
        }

        using var resumed = Create(options);
        resumed.Resume(middle);
        resumed.Run(100);
        Assert.Equal(2, resumed.Scale);
        Assert.True(unbroken.Image.SequenceEqual(resumed.Image), "multi-scale resume differs from the unbroken run");
    }

    [Fact]
    public void Resume_CheckpointOfDifferentRun_IsRefusedClearly()
    {
        using var a = Create(Options(OptimizerKind.Lbfgs));
        a.Run(2);
        var checkpoint = RoundTrip(a.Export());
        using var b = Create(Options(OptimizerKind.Lbfgs) with { StyleWeight = 5e3f });
        var e = Assert.Throws<NstException>(() => b.Resume(checkpoint));
        Assert.Contains("different run", e.Message);
    }

    [Fact]
    public void Extend_FinishedRun_ContinuesLikeALongerRun()
    {
        using var twenty = Create(Options(OptimizerKind.Adam));
        twenty.Run(100);
        using var ten = Create(Options(OptimizerKind.Adam, 1, 10));
        ten.Run(100);
        Assert.True(ten.IsComplete);
        var checkpoint = RoundTrip(ten.Export());
        using var more = Create(Options(OptimizerKind.Adam, 1, 10));
        more.Resume(checkpoint);
        more.Extend(10);
        more.Run(100);
        Assert.True(twenty.Image.SequenceEqual(more.Image));
    }

    [Fact]
    public void Step_Lbfgs_LossDecreases()
    {
        using var run = Create(Options(OptimizerKind.Lbfgs));
        double first = run.Step()!.Loss.Total;
        run.Run(100);
        Assert.True(run.LastLoss!.Value.Total < 0.5 * first, $"loss went from {first} to {run.LastLoss.Value.Total}");
    }

    [Fact]
    public void Render_LuminancePreservation_KeepsContentChroma()
    {
        var options = Options(OptimizerKind.Lbfgs, 1, 15) with { PreserveColors = ColorPreservation.Luminance, Init = InitMode.Noise };
        using var run = Create(options);
        run.Run(100);
        var output = run.Render();
        var content = ImageResizer.Resize(Image(1, 40, 30), output.Width, output.Height);
        // Chroma (Cb, Cr) means of the output follow the content's, whatever the optimisation did to colours.
        var (cbOut, crOut) = ChromaMeans(output);
        var (cbContent, crContent) = ChromaMeans(content);
        Assert.Equal(cbContent, cbOut, 0.02);
        Assert.Equal(crContent, crOut, 0.02);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsOneClearLine()
    {
        var e = Assert.Throws<OptionException>(() => Create(Options(OptimizerKind.Lbfgs) with { StyleLayers = ["relu9_9"] }));
        Assert.Equal("style-layers", e.Option);
        Assert.Contains("relu9_9", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static (double Cb, double Cr) ChromaMeans(RgbImage image)
    {
        int n = image.Plane;
        double cb = 0, cr = 0;
        for (int i = 0; i < n; i++)
        {
            double r = image.Pixels[i], g = image.Pixels[n + i], b = image.Pixels[2 * n + i];
            cb += (-0.168736 * r) - (0.331264 * g) + (0.5 * b);
            cr += (0.5 * r) - (0.418688 * g) - (0.081312 * b);
        }

        return (cb / n, cr / n);
    }
}
