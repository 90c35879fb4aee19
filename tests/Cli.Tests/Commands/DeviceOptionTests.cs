using System.Text.Json;

namespace Nst.Cli.Tests.Commands;

/// <summary><c>--device</c> on a machine without a CUDA device (as this project's machines are), and the GPU code path on ILGPU's CPU accelerator.</summary>
public class DeviceOptionTests
{
    [Theory]
    [InlineData("stylize")]
    [InlineData("bench")]
    public void Device_CudaWithoutCudaDevice_OneClearErrorLine(string command)
    {
        using var dir = new TempDir();
        string[] args = command == "stylize"
            ? ["stylize", "--content", TestImages.Write(dir.File("c.png"), 1), "--style", TestImages.Write(dir.File("s.png"), 2), "--output", dir.File("o.png"), "--size", "16", "--iterations", "1", "--device", "cuda"]
            : ["bench", "--size", "16", "--iterations", "1", "--device", "cuda"];

        var result = NstProcess.Run(args);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("nst: error: --device cuda: no CUDA device", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("o.png")));
    }

    [Fact]
    public void Stylize_DeviceAuto_SaysItChoseTheCpuAndRuns()
    {
        using var dir = new TempDir();
        var result = NstProcess.Run("stylize", "--content", TestImages.Write(dir.File("c.png"), 1), "--style", TestImages.Write(dir.File("s.png"), 2),
            "--output", dir.File("o.png"), "--size", "16", "--iterations", "1", "--model", "random:0", "--device", "auto");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("nst: device auto: CPU", result.Stderr);
        Assert.True(File.Exists(dir.File("o.png")));
    }

    [Fact]
    public void Device_Unknown_OneLineNamingTheChoices()
    {
        var result = NstProcess.Run("bench", "--size", "16", "--device", "tpu");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("nst: error: Unknown device 'tpu'; use one of: cpu, cuda, auto.", result.Stderr.Trim());
    }

    [Fact]
    public void Bench_IlgpuCpu_ReportsTheDeviceAndItsMemory()
    {
        var result = NstProcess.Run("bench", "--size", "16", "--iterations", "1", "--warmup", "0", "--device", "ilgpu-cpu", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Contains("ILGPU CPU accelerator", root.GetProperty("device").GetString());
        Assert.True(root.GetProperty("peakDeviceBytes").GetInt64() > 50_000_000); // VGG19's weights up to conv5_1, twice
        var layers = root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToArray();
        Assert.Contains("conv1_1", layers);
        Assert.Contains("x to device", layers);
        Assert.Contains("gradient to host", layers);
    }

    /// <summary>What scripts/gpu-check.sh runs on a GPU, here on the CPU accelerator: every figure reported, every check passed.</summary>
    [Fact]
    public void DeviceCheck_IlgpuCpu_PassesAndPrintsTheFigures()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "parity");
        var result = NstProcess.Run("device-check", "--device", "ilgpu-cpu", "--fixtures", fixtures, "--random-size", "0", "--resume-size", "32", "--resume-model", "fixture");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("fixtureVsCpu").GetDouble() <= 1e-4);
        Assert.True(root.GetProperty("fixtureVsPyTorch").GetDouble() <= 1e-4);
        Assert.True(root.GetProperty("resumeBitIdentical").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("randomVsCpu").ValueKind);
        Assert.Equal(0, root.GetProperty("failures").GetArrayLength());
    }
}
