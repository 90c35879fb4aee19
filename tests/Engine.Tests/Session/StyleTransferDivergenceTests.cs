using Nst.Engine.Session;
using static Nst.Engine.Tests.Session.SessionTestData;

namespace Nst.Engine.Tests.Session;

/// <summary>
/// A run whose loss stops being finite ends with a clear error at that iterate instead of stepping on with NaN. The
/// fixture is plain L-BFGS with an absurd learning rate on the narrow network at 32 px: its first step overshoots to
/// infinity, and the curvature pair it leaves turns the next direction into NaN.
/// </summary>
public class StyleTransferDivergenceTests
{
    private static StyleTransferOptions Options(OptimizerKind optimizer, float lr) => new()
    {
        Size = 32,
        Iterations = [10],
        StyleWeight = 1e5f,
        TvWeight = 1e-2f,
        Optimizer = optimizer,
        LearningRate = lr,
    };

    private static StyleTransfer Create(StyleTransferOptions options) =>
        StyleTransfer.Create(options, TestNetworks.Narrow(3), Image(1, 40, 30), [Image(2, 28, 28)]);

    [Fact]
    public void Step_LossBecomesNaN_ThrowsDivergedNamingTheIteration()
    {
        using var run = Create(Options(OptimizerKind.Lbfgs, 1e30f));
        var reported = new List<double>();

        var e = Assert.Throws<OptimizationDivergedException>(() =>
        {
            while (!run.IsComplete) reported.Add(run.Step()!.Loss.Total);
        });

        Assert.All(reported, loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(reported.Count, e.Iteration);
        Assert.Contains($"after iteration {e.Iteration}", e.Message, StringComparison.Ordinal);
        Assert.Contains("lr", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NstException>(e);
    }

    [Fact]
    public void Step_StableRun_NeverThrows()
    {
        using var run = Create(Options(OptimizerKind.Lbfgs, 1f));

        while (!run.IsComplete) Assert.True(double.IsFinite(run.Step()!.Loss.Total));

        Assert.True(double.IsFinite(run.FinalLoss!.Value.Total));
    }
}
