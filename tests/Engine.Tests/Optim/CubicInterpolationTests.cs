using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class CubicInterpolationTests
{
    // Expected values printed by torch 1.13.1's torch.optim.lbfgs._cubic_interpolate on the same inputs
    // (f as Python floats, g as float32 tensors).

    [Fact]
    public void Minimize_RealMinimizer_MatchesTorchTensorResult()
    {
        var t = CubicInterpolation.Minimize(0.0, 1.0, TorchScalar.Tensor(-1f), 1.0, 0.75, TorchScalar.Tensor(0.5f));

        Assert.True(t.IsTensor);
        Assert.Equal(0.6666666269302368, t.Value);
    }

    [Fact]
    public void Minimize_PointsInDescendingOrder_MatchesTorch()
    {
        var t = CubicInterpolation.Minimize(0.3, 1.0, TorchScalar.Tensor(1f), 0.1, 1.0, TorchScalar.Tensor(1f));

        Assert.Equal(0.2577350437641144, t.Value);
    }

    [Fact]
    public void Minimize_NoRealMinimizer_ReturnsMidpointOfBoundsAsPythonFloat()
    {
        var t = CubicInterpolation.Minimize(0.0, 2.0, TorchScalar.Tensor(-3f), 0.1, 1.9, TorchScalar.Tensor(-0.5f), (0.101, 1.0));

        Assert.False(t.IsTensor);
        Assert.Equal(0.5505, t.Value);
    }
}
