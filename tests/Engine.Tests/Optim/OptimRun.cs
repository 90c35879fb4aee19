using Nst.Engine.Optim;

namespace Nst.Engine.Tests.Optim;

/// <summary>Drives an optimizer on <see cref="ToyObjective"/> the way the fixture script drives torch's.</summary>
internal static class OptimRun
{
    public const int Iterations = 15;

    /// <summary>Runs iterations [from, to) on x in place; returns the loss of each step and evaluations after it.</summary>
    public static (float[] Losses, int[] Evaluations) Steps(IOptimizer optimizer, float[] x, bool clamp, int from, int to)
    {
        var objective = new ToyObjective();
        var losses = new float[to - from];
        var evaluations = new int[to - from];
        for (int i = from; i < to; i++)
        {
            losses[i - from] = optimizer.Step(x, objective.Evaluate);
            if (clamp)
                for (int j = 0; j < x.Length; j++)
                    x[j] = Math.Clamp(x[j], 0f, 1f);
            evaluations[i - from] = optimizer.Evaluations;
        }
        return (losses, evaluations);
    }

    public static (float[] Losses, int[] Evaluations, float[] X) Full(IOptimizer optimizer, bool clamp)
    {
        var x = ToyObjective.StartingPoint();
        var (losses, evaluations) = Steps(optimizer, x, clamp, 0, Iterations);
        return (losses, evaluations, x);
    }

    public static double MaxRelative(IReadOnlyList<float> actual, IReadOnlyList<float> expected) =>
        actual.Zip(expected, (a, e) => Math.Abs((double)a - e) / Math.Abs((double)e)).Max();

    public static double MaxAbs(IReadOnlyList<float> actual, IReadOnlyList<float> expected) =>
        actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();
}
