using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class LbfgsTests
{
    private static Lbfgs Make(string run) => new(ToyObjective.N, run switch
    {
        "lbfgs" => new LbfgsOptions(),
        "lbfgs_history3" => new LbfgsOptions { HistorySize = 3 },
        "lbfgs_strong_wolfe" => new LbfgsOptions { LineSearch = LbfgsLineSearch.StrongWolfe },
        "lbfgs_maxiter4" => new LbfgsOptions { Lr = 0.5, MaxIter = 4, HistorySize = 5 },
        _ => throw new ArgumentOutOfRangeException(nameof(run)),
    });

    [Theory]
    [InlineData("lbfgs")]
    [InlineData("lbfgs_history3")]
    [InlineData("lbfgs_strong_wolfe")]
    [InlineData("lbfgs_maxiter4")]
    public void Step_TorchFixture_MatchesWithinFloat32Rounding(string run)
    {
        // Dots accumulate in double here and in float32 in torch's BLAS, so results differ by an ulp or two;
        // measured: loss ≤ 1.1e-7 relative, x ≤ 1.2e-7 absolute, every line-search decision the same.
        var fixture = OptimFixture.Load(run);
        var (losses, evaluations, x) = OptimRun.Full(Make(run), fixture.Clamp);

        Assert.Equal(fixture.Evaluations32, evaluations);
        Assert.True(OptimRun.MaxRelative(losses, fixture.Losses32) <= 5e-7, $"loss differs by {OptimRun.MaxRelative(losses, fixture.Losses32)}");
        Assert.True(OptimRun.MaxAbs(x, fixture.X32) <= 5e-7, $"x differs by {OptimRun.MaxAbs(x, fixture.X32)}");
    }

    [Theory]
    [InlineData("lbfgs")]
    [InlineData("lbfgs_strong_wolfe")]
    public void Step_TorchFloat64Run_WithinFloat32NoiseFloor(string run)
    {
        var fixture = OptimFixture.Load(run);
        var (losses, _, x) = OptimRun.Full(Make(run), fixture.Clamp);

        Assert.True(OptimRun.MaxRelative(losses, fixture.Losses64.Select(v => (float)v).ToArray()) <= 5e-7);
        Assert.True(OptimRun.MaxAbs(x, fixture.X64.Select(v => (float)v).ToArray()) <= 5e-7);
    }

    [Theory]
    [InlineData("lbfgs", 6)]            // history partly full
    [InlineData("lbfgs_history3", 10)]  // history wrapped several times
    [InlineData("lbfgs_strong_wolfe", 5)]
    [InlineData("lbfgs_maxiter4", 3)]
    [InlineData("lbfgs", 1)]            // after the first iteration only: no history yet
    public void Import_MidRunIntoFreshOptimizer_ContinuesBitIdentically(string run, int split)
    {
        bool clamp = OptimFixture.Load(run).Clamp;
        var unbroken = Make(run);
        var (unbrokenLosses, _, unbrokenX) = OptimRun.Full(unbroken, clamp);

        var x = ToyObjective.StartingPoint();
        var first = Make(run);
        var (head, _) = OptimRun.Steps(first, x, clamp, 0, split);
        var resumed = Make(run);
        resumed.Import(StateCopy.Deep(first.Export()));
        var (tail, _) = OptimRun.Steps(resumed, x, clamp, split, OptimRun.Iterations);

        Assert.Equal(StateCopy.Bits(unbrokenLosses), StateCopy.Bits([.. head, .. tail]));
        Assert.Equal(StateCopy.Bits(unbrokenX), StateCopy.Bits(x));
        Assert.Equal(unbroken.Evaluations, resumed.Evaluations);
        Assert.True(StateCopy.Identical(unbroken.Export(), resumed.Export()));
    }

    [Fact]
    public void Step_SmallHistory_KeepsOnlyNewestPairs()
    {
        var lbfgs = Make("lbfgs_history3");
        OptimRun.Steps(lbfgs, ToyObjective.StartingPoint(), clamp: false, 0, 8);

        Assert.Equal(3, lbfgs.HistoryCount);
        Assert.Equal(8, lbfgs.Iterations);
    }

    [Fact]
    public void Step_RepeatedRuns_AreBitIdentical()
    {
        var (lossesA, _, xA) = OptimRun.Full(Make("lbfgs_strong_wolfe"), clamp: true);
        var (lossesB, _, xB) = OptimRun.Full(Make("lbfgs_strong_wolfe"), clamp: true);

        Assert.Equal(StateCopy.Bits(lossesA), StateCopy.Bits(lossesB));
        Assert.Equal(StateCopy.Bits(xA), StateCopy.Bits(xB));
    }

    [Fact]
    public void Step_GradientBelowTolerance_ReturnsWithoutMoving()
    {
        var lbfgs = new Lbfgs(3);
        float[] x = [0.25f, 0.5f, 0.75f];

        float loss = lbfgs.Step(x, (_, g) => { g.Fill(1e-8f); return 2f; });

        Assert.Equal(2f, loss);
        Assert.Equal([0.25f, 0.5f, 0.75f], x);
        Assert.Equal(1, lbfgs.Evaluations);
        Assert.Equal(0, lbfgs.Iterations);
    }

    [Fact]
    public void Step_FirstIteration_StepsByMinOfOneAndInverseGradientSum()
    {
        // t = min(1, 1/Σ|g|)·lr = 0.25 for g = (1, −3), so x moves by −t·g.
        var lbfgs = new Lbfgs(2);
        float[] x = [0f, 0f];

        lbfgs.Step(x, (_, g) => { g[0] = 1f; g[1] = -3f; return 0f; });

        Assert.Equal([-0.25f, 0.75f], x);
    }

    [Fact]
    public void Import_WrongKind_ThrowsNstException()
    {
        var e = Assert.Throws<NstException>(() => Make("lbfgs").Import(new Adam(ToyObjective.N).Export()));
        Assert.Contains("'adam'", e.Message);
    }

    [Fact]
    public void Import_WrongSize_ThrowsNstExceptionAndKeepsState()
    {
        var small = new Lbfgs(ToyObjective.N - 1);
        var x = ToyObjective.StartingPoint()[..^1];
        small.Step(x, (xs, g) => { for (int i = 0; i < xs.Length; i++) g[i] = xs[i] - 0.5f; return 1f; });
        var lbfgs = Make("lbfgs");
        OptimRun.Steps(lbfgs, ToyObjective.StartingPoint(), clamp: false, 0, 4);
        var before = lbfgs.Export();

        var e = Assert.Throws<NstException>(() => lbfgs.Import(small.Export()));
        Assert.Contains($"expected {ToyObjective.N}", e.Message);
        Assert.True(StateCopy.Identical(before, lbfgs.Export()));
    }

    [Fact]
    public void Import_MoreHistoryThanCapacity_ThrowsNstException()
    {
        var lbfgs = Make("lbfgs");
        OptimRun.Steps(lbfgs, ToyObjective.StartingPoint(), clamp: false, 0, 6);

        var e = Assert.Throws<NstException>(() => Make("lbfgs_history3").Import(lbfgs.Export()));
        Assert.Contains("at most 3", e.Message);
    }

    [Fact]
    public void Import_MissingHistoryTensor_ThrowsNstException()
    {
        var lbfgs = Make("lbfgs");
        OptimRun.Steps(lbfgs, ToyObjective.StartingPoint(), clamp: false, 0, 4);
        var state = StateCopy.With(lbfgs.Export(), tensors: t => t.Remove("old_stps.1"));

        var e = Assert.Throws<NstException>(() => Make("lbfgs").Import(state));
        Assert.Contains("'old_stps.1'", e.Message);
    }

    [Fact]
    public void Export_History_IsNumberedOldestFirstWithRho()
    {
        var lbfgs = Make("lbfgs_history3");
        OptimRun.Steps(lbfgs, ToyObjective.StartingPoint(), clamp: false, 0, 6);
        var state = lbfgs.Export();

        Assert.Equal("3", state.Scalars["history"]);
        Assert.Equal(3, state.Tensors["ro"].Length);
        Assert.True(state.Tensors.ContainsKey("old_dirs.2") && !state.Tensors.ContainsKey("old_dirs.3"));
        // ρ_i = 1/(y_i·s_i)
        var y = state.Tensors["old_dirs.2"];
        var s = state.Tensors["old_stps.2"];
        double ys = y.Zip(s, (a, b) => (double)a * b).Sum();
        Assert.Equal(1 / ys, state.Tensors["ro"][2], 1e-5 / ys);
    }

    [Theory]
    [InlineData(0.0, 100, 1)]
    [InlineData(1.0, 0, 1)]
    [InlineData(1.0, 100, 0)]
    public void Constructor_InvalidOptions_ThrowsNstException(double lr, int historySize, int maxIter)
    {
        Assert.Throws<NstException>(() => new Lbfgs(4, new LbfgsOptions { Lr = lr, HistorySize = historySize, MaxIter = maxIter }));
    }
}
