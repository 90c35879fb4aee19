using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class AllocationTests
{
    public static TheoryData<string> Optimizers => new() { "adam", "lbfgs", "lbfgs_strong_wolfe" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Step_SteadyState_AllocatesNothing(string name)
    {
        // With a full history (size 3), further steps only recycle buffers.
        IOptimizer optimizer = name switch
        {
            "adam" => new Adam(ToyObjective.N),
            "lbfgs" => new Lbfgs(ToyObjective.N, new LbfgsOptions { HistorySize = 3 }),
            _ => new Lbfgs(ToyObjective.N, new LbfgsOptions { HistorySize = 3, LineSearch = LbfgsLineSearch.StrongWolfe }),
        };
        var toy = new ToyObjective();
        Objective objective = toy.Evaluate;
        var x = ToyObjective.StartingPoint();
        for (int i = 0; i < 6; i++)
            optimizer.Step(x, objective);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
            optimizer.Step(x, objective);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
