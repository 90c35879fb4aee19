using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class AdamTests
{
    private static Adam Make() => new(ToyObjective.N, new AdamOptions { Lr = 0.02 });

    [Fact]
    public void Step_TorchFixture_MatchesTorchBitExactly()
    {
        // The toy objective hands both sides the same float32 gradients, and the update rounds as torch's
        // AVX2 kernels do (FMA in m and v), so the whole trajectory is the same bits.
        var fixture = OptimFixture.Load("adam");
        var (losses, evaluations, x) = OptimRun.Full(Make(), fixture.Clamp);

        Assert.Equal(StateCopy.Bits(fixture.Losses32), StateCopy.Bits(losses));
        Assert.Equal(StateCopy.Bits(fixture.X32), StateCopy.Bits(x));
        Assert.Equal(fixture.Evaluations32, evaluations);
    }

    [Fact]
    public void Step_TorchFloat64Run_WithinFloat32NoiseFloor()
    {
        var fixture = OptimFixture.Load("adam");
        var (losses, _, x) = OptimRun.Full(Make(), fixture.Clamp);

        Assert.True(OptimRun.MaxRelative(losses, fixture.Losses64.Select(v => (float)v).ToArray()) < 1e-6);
        Assert.True(OptimRun.MaxAbs(x, fixture.X64.Select(v => (float)v).ToArray()) < 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Import_MidRunIntoFreshOptimizer_ContinuesBitIdentically(int split)
    {
        var (unbrokenLosses, _, unbrokenX) = OptimRun.Full(Make(), clamp: true);
        var unbroken = Make();
        OptimRun.Full(unbroken, clamp: true);

        var x = ToyObjective.StartingPoint();
        var first = Make();
        var (head, _) = OptimRun.Steps(first, x, clamp: true, 0, split);
        var resumed = Make();
        resumed.Import(StateCopy.Deep(first.Export()));
        var (tail, evaluations) = OptimRun.Steps(resumed, x, clamp: true, split, OptimRun.Iterations);

        Assert.Equal(StateCopy.Bits(unbrokenLosses), StateCopy.Bits([.. head, .. tail]));
        Assert.Equal(StateCopy.Bits(unbrokenX), StateCopy.Bits(x));
        Assert.Equal(OptimRun.Iterations, evaluations[^1]);
        Assert.True(StateCopy.Identical(unbroken.Export(), resumed.Export()));
    }

    [Fact]
    public void Step_RepeatedRuns_AreBitIdentical()
    {
        var (lossesA, _, xA) = OptimRun.Full(Make(), clamp: true);
        var (lossesB, _, xB) = OptimRun.Full(Make(), clamp: true);

        Assert.Equal(StateCopy.Bits(lossesA), StateCopy.Bits(lossesB));
        Assert.Equal(StateCopy.Bits(xA), StateCopy.Bits(xB));
    }

    [Fact]
    public void Import_WrongKind_ThrowsNstException()
    {
        var state = new Lbfgs(ToyObjective.N).Export();

        var e = Assert.Throws<NstException>(() => Make().Import(state));
        Assert.Contains("'lbfgs'", e.Message);
    }

    [Fact]
    public void Import_WrongSize_ThrowsNstExceptionAndKeepsState()
    {
        var adam = Make();
        OptimRun.Steps(adam, ToyObjective.StartingPoint(), clamp: true, 0, 3);
        var before = adam.Export();
        var state = new Adam(ToyObjective.N + 1).Export();

        var e = Assert.Throws<NstException>(() => adam.Import(state));
        Assert.Contains("exp_avg", e.Message);
        Assert.Contains($"expected {ToyObjective.N}", e.Message);
        Assert.True(StateCopy.Identical(before, adam.Export()));
    }

    [Fact]
    public void Import_BadStepScalar_ThrowsNstException()
    {
        var state = StateCopy.With(Make().Export(), scalars: s => s["step"] = "1.5");

        var e = Assert.Throws<NstException>(() => Make().Import(state));
        Assert.Contains("'step'", e.Message);
    }

    [Theory]
    [InlineData(0.0, 0.9, 0.999, 1e-8)]
    [InlineData(0.02, 1.0, 0.999, 1e-8)]
    [InlineData(0.02, 0.9, -0.1, 1e-8)]
    [InlineData(0.02, 0.9, 0.999, double.NaN)]
    public void Constructor_InvalidOptions_ThrowsNstException(double lr, double beta1, double beta2, double eps)
    {
        Assert.Throws<NstException>(() => new Adam(4, new AdamOptions { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps }));
    }
}
