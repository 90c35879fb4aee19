using Nst.Engine.Session;
using static Nst.Engine.Tests.Session.SessionTestData;

namespace Nst.Engine.Tests.Session;

/// <summary>
/// Keeping the lowest-loss iterate. The fixture is Adam with learning rate 0.03 on the narrow network at 32 px: its
/// loss oscillates down to 0.832 (the image after iteration 18) and ends at 1.04 — the rise at the end a user sees
/// with a learning rate a little too high.
/// </summary>
public class StyleTransferKeepBestTests
{
    private static StyleTransferOptions Rising(int iterations = 20, KeepIterate keep = KeepIterate.Best) => new()
    {
        Size = 32,
        Iterations = [iterations],
        StyleWeight = 1e5f,
        TvWeight = 1e-2f,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 0.03f,
        Keep = keep,
    };

    private static StyleTransfer Create(StyleTransferOptions options) =>
        StyleTransfer.Create(options, TestNetworks.Narrow(3), Image(1, 40, 30), [Image(2, 28, 28)]);

    private static List<double> RunAll(StyleTransfer session)
    {
        var losses = new List<double>();
        while (!session.IsComplete) losses.Add(session.Step()!.Loss.Total);
        return losses;
    }

    [Fact]
    public void Render_LossRisesAtTheEnd_WritesTheLowestLossIterate()
    {
        using var run = Create(Rising());
        var reported = RunAll(run);

        // The fixture shows the rise: the final image's loss is above the best one seen.
        double final = run.FinalLoss!.Value.Total, best = run.BestLoss!.Value.Total;
        Assert.True(final > best * 1.1, $"no rise at the end: final {final}, best {best}");
        int at = run.BestIteration!.Value;
        Assert.InRange(at, 1, 19);
        // The loss reported by iteration k+1 is the loss of the image iteration k left; the best is the lowest of them all.
        Assert.Equal(reported[at], best);
        Assert.Equal(reported.Min(), best);

        // The result is exactly the image a run stopped after that many iterations ends with.
        using var stopped = Create(Rising(at, KeepIterate.Final));
        RunAll(stopped);
        Assert.Equal(Bits(stopped.Image), Bits(run.ResultImage));
        Assert.Equal(Bits(run.ResultImage), Bits(run.Render().Pixels));
        Assert.NotEqual(Bits(run.Image), Bits(run.Render().Pixels));
    }

    [Fact]
    public void Render_KeepFinal_WritesTheLastIterateAndStillReportsTheBest()
    {
        using var best = Create(Rising());
        RunAll(best);
        using var final = Create(Rising(keep: KeepIterate.Final));
        RunAll(final);

        Assert.Equal(Bits(final.Image), Bits(final.Render().Pixels));
        Assert.Equal(Bits(best.Image), Bits(final.Image));
        Assert.Equal(best.BestLoss, final.BestLoss);
        Assert.Equal(best.BestIteration, final.BestIteration);
        Assert.Equal(best.FinalLoss, final.FinalLoss);
    }

    [Fact]
    public void Step_LastIterationOfAScale_EvaluatesTheImageItLeaves()
    {
        using var ten = Create(Rising(10));
        RunAll(ten);
        using var twenty = Create(Rising(20));
        var reported = RunAll(twenty);

        // The extra evaluation at the end of the 10-iteration run is the loss the longer run reports next.
        Assert.Equal(reported[10], ten.FinalLoss!.Value.Total);
        Assert.Equal(11, ten.Evaluations);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(18)]
    [InlineData(19)]
    public void Resume_MidRun_TenPlusTenEqualsTwentyIncludingWhichIterateIsBest(int cut)
    {
        using var unbroken = Create(Rising());
        RunAll(unbroken);

        using var first = Create(Rising());
        first.Run(cut);
        var checkpoint = RoundTrip(first.Export());
        using var second = Create(Rising());
        second.Resume(checkpoint);
        RunAll(second);

        AssertSameResult(unbroken, second);
    }

    [Fact]
    public void Resume_FinishedRunExtended_EqualsTheLongerRunIncludingWhichIterateIsBest()
    {
        using var unbroken = Create(Rising());
        RunAll(unbroken);

        using var first = Create(Rising(10));
        RunAll(first);
        var checkpoint = RoundTrip(first.Export());
        Assert.NotNull(checkpoint.FinalLoss);
        using var second = Create(Rising(10));
        second.Resume(checkpoint);
        second.Extend(10);
        RunAll(second);

        AssertSameResult(unbroken, second);
    }

    [Fact]
    public void Export_MidScale_CarriesTheBestImageAndLossesThroughBytes()
    {
        using var run = Create(Rising());
        run.Run(19);
        var checkpoint = RoundTrip(run.Export());

        Assert.Equal(run.BestLoss, checkpoint.BestLoss);
        Assert.Equal(run.BestIteration, checkpoint.BestIteration);
        Assert.Equal(Bits(run.ResultImage), Bits(checkpoint.BestImage));
        Assert.Null(checkpoint.FinalLoss);
    }

    [Fact]
    public void Resume_KeepFinalCheckpointIntoKeepBestRun_ChoosesTheBestFromThereOn()
    {
        // A single-scale checkpoint without the kept image (keep final, or written before best-keeping) resumes.
        using var final = Create(Rising(keep: KeepIterate.Final));
        final.Run(10);
        var checkpoint = RoundTrip(final.Export());
        Assert.Null(checkpoint.BestImage);

        using var best = Create(Rising());
        best.Resume(checkpoint);
        RunAll(best);
        Assert.True(best.BestIteration >= 10);
        Assert.True(best.BestLoss!.Value.Total <= best.FinalLoss!.Value.Total);
    }

    [Fact]
    public void Step_SeveralScales_NextScaleStartsFromTheKeptIterate()
    {
        // At 24 px the first scale's lowest loss is the image after iteration 11 (0.70); it ends at 1.9.
        var options = Rising() with { Size = 48, Scales = 2, Iterations = [13, 3] };
        using var best = Create(options);
        using var final = Create(options with { Keep = KeepIterate.Final });
        best.Run(13);
        final.Run(13);
        Assert.Equal(Bits(best.Image), Bits(final.Image));
        Assert.NotEqual(Bits(best.ResultImage), Bits(best.Image));

        best.Step();
        final.Step();
        Assert.Equal(1, best.Scale);
        Assert.NotEqual(best.Fingerprint, final.Fingerprint);
        Assert.NotEqual(Bits(best.Image), Bits(final.Image));
    }

    private static void AssertSameResult(StyleTransfer expected, StyleTransfer actual)
    {
        Assert.Equal(expected.Iteration, actual.Iteration);
        Assert.Equal(Bits(expected.Image), Bits(actual.Image));
        Assert.Equal(Bits(expected.ResultImage), Bits(actual.ResultImage));
        Assert.Equal(expected.BestLoss, actual.BestLoss);
        Assert.Equal(expected.BestIteration, actual.BestIteration);
        Assert.Equal(expected.FinalLoss, actual.FinalLoss);
    }
}
