using Nst.Engine.Optim;
using Nst.Engine.Session;

namespace Nst.Engine.Benchmarks;

/// <summary>
/// The optimizer of the PyTorch parity fixture's 10-iteration trajectories (scripts/fixtures/make_parity_fixtures.py)
/// by its name there — Adam with learning rate 0.02, or L-BFGS with its defaults — stepped as a session steps it:
/// the iterate clamped to [0,1] after the step only where <see cref="OptimizerKindExtensions.ClampsEachStep"/> says.
/// </summary>
internal sealed class FixtureStepper(string optimizer, int length)
{
    private readonly OptimizerKind _kind = optimizer == "adam" ? OptimizerKind.Adam : OptimizerKind.Lbfgs;
    private readonly IOptimizer _optimizer = optimizer == "adam" ? new Adam(length, new AdamOptions { Lr = 0.02f }) : new Lbfgs(length, new LbfgsOptions());

    /// <summary>One step; returns the loss of its first evaluation (the incoming iterate).</summary>
    public float Step(Span<float> x, Objective objective)
    {
        float loss = _optimizer.Step(x, objective);
        if (_kind.ClampsEachStep()) System.Numerics.Tensors.TensorPrimitives.Clamp(x, 0f, 1f, x);
        return loss;
    }
}
