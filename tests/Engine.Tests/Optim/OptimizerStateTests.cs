using Nst.Engine.Optim;
using Xunit;

namespace Nst.Engine.Tests.Optim;

public class OptimizerStateTests
{
    public static TheoryData<double> TrickyDoubles => new()
    {
        0.1, 1.0 / 3, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072009e-308,
        1e-10, 0.9999999999999999, 0.02, (double)(1f / 3f), double.PositiveInfinity, double.NegativeInfinity,
    };

    [Theory]
    [MemberData(nameof(TrickyDoubles))]
    public void FormatDouble_AnyValue_ParsesBackBitExactly(double value)
    {
        var state = new OptimizerState("k", new Dictionary<string, float[]>(), new Dictionary<string, string> { ["v"] = OptimizerState.FormatDouble(value) });

        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(state.Double("v")));
    }

    [Fact]
    public void Double_NotANumber_ThrowsNstExceptionNamingScalar()
    {
        var state = new OptimizerState("k", new Dictionary<string, float[]>(), new Dictionary<string, string> { ["t"] = "abc" });

        var e = Assert.Throws<NstException>(() => state.Double("t"));
        Assert.Contains("'t'", e.Message);
    }

    [Fact]
    public void Lbfgs_TorchScalarTags_SurviveExportImport()
    {
        // After the first iteration t = min(1, 1/Σ|g|)·lr is a float32 tensor in torch, H_diag a Python int.
        var lbfgs = new Lbfgs(2);
        float[] x = [0f, 0f];
        lbfgs.Step(x, (_, g) => { g[0] = 1f; g[1] = -3f; return 0f; });
        var state = lbfgs.Export();

        Assert.Equal("float32", state.Scalars["t_dtype"]);
        Assert.Equal("0.25", state.Scalars["t"]);
        Assert.Equal("float64", state.Scalars["h_diag_dtype"]);
        var copy = new Lbfgs(2);
        copy.Import(state);
        Assert.True(StateCopy.Identical(state, copy.Export()));
    }
}
