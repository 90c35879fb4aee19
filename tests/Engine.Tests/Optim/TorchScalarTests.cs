using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class TorchScalarTests
{
    [Fact]
    public void Compare_PythonFloatWithTensor_IsDoneInFloat32()
    {
        // torch.tensor(1.0) < 1.00000001 is False: the double rounds to float32 1.0 first.
        Assert.False(TorchScalar.Tensor(1f) < 1.00000001);
        Assert.True(TorchScalar.Py(1.0) < 1.00000001);
    }

    [Fact]
    public void Arithmetic_MixedOperands_RoundsToFloat32()
    {
        var mixed = TorchScalar.Tensor(1f) + 1e-9;
        var python = TorchScalar.Py(1.0) + 1e-9;

        Assert.True(mixed.IsTensor);
        Assert.Equal(1.0, mixed.Value);
        Assert.False(python.IsTensor);
        Assert.Equal(1.0 + 1e-9, python.Value);
    }

    [Fact]
    public void MinMax_Ties_ReturnFirstArgumentLikePython()
    {
        var py = TorchScalar.Py(1.0);
        var tensor = TorchScalar.Tensor(1f);

        Assert.False(TorchScalar.Min(py, tensor).IsTensor);
        Assert.True(TorchScalar.Max(tensor, py).IsTensor);
    }
}
