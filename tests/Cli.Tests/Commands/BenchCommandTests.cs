using System.Text.Json;

namespace Nst.Cli.Tests.Commands;

public class BenchCommandTests
{
    [Fact]
    public void Bench_Json_PrintsOneObjectWithTheMeasurements()
    {
        var result = NstProcess.Run("bench", "--size", "32", "--threads", "2", "--iterations", "2", "--warmup", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(32, root.GetProperty("size").GetInt32());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(2, root.GetProperty("iterationSeconds").GetArrayLength());
        Assert.True(root.GetProperty("secondsPerIteration").GetDouble() > 0);
        Assert.True(root.GetProperty("peakWorkingSetBytes").GetInt64() > 0);
        Assert.Equal(1.0, root.GetProperty("evaluationsPerIteration").GetDouble());
        var layers = root.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("phase").GetString())).ToArray();
        Assert.Contains(("conv1_1", "forward"), layers);
        Assert.Contains(("conv5_1", "backward"), layers);
        Assert.Contains(("gram 64x1024", "forward"), layers);
        Assert.DoesNotContain(layers, l => l.Item1 == "conv5_2"); // the default layers end at relu5_1
    }

    [Fact]
    public void Bench_Table_ListsLayersAndTheMedian()
    {
        var result = NstProcess.Run("bench", "--size", "24", "--threads", "1", "--iterations", "1", "--optimizer", "adam");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("nst bench: 24x24, 1 thread(s), adam", result.Stdout);
        Assert.Contains("conv4_2", result.Stdout);
        Assert.Contains("seconds per iteration (median):", result.Stdout);
    }

    /// <summary>The runtime's own switches narrow what the hardware reports; the kernels must follow and still run.</summary>
    [Theory]
    [InlineData("DOTNET_EnableHWIntrinsic", "Scalar")]
    [InlineData("DOTNET_EnableAVX512", "Vector256")]
    public void Bench_HardwareIntrinsicsSwitchedOff_RunsTheNarrowerPath(string variable, string expectedIsa)
    {
        var result = NstProcess.RunWith(new Dictionary<string, string> { [variable] = "0" }, "bench", "--size", "16", "--threads", "2", "--iterations", "1", "--warmup", "0", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        string isa = doc.RootElement.GetProperty("isa").GetString()!;
        if (expectedIsa == "Vector256" && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) expectedIsa = "Scalar";
        Assert.Equal(expectedIsa, isa);
        Assert.True(doc.RootElement.GetProperty("secondsPerIteration").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--size", "8")]
    [InlineData("--iterations", "0")]
    [InlineData("--optimizer", "sgd")]
    public void Bench_BadOption_OneLineError(string option, string value)
    {
        var result = NstProcess.Run("bench", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("nst: error: ", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
