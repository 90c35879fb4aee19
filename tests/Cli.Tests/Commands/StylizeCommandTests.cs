using Nst.Engine.Checkpoints;
using Nst.Engine.Models;
using Nst.Engine.Nn;

namespace Nst.Cli.Tests.Commands;

public class StylizeCommandTests
{
    private static string[] Common(TempDir dir, string model) =>
    [
        "stylize",
        "--content", TestImages.Write(dir.File("content.png"), 1),
        "--style", TestImages.Write(dir.File("style.png"), 2, 24, 24),
        "--model", model, "--size", "32", "--style-weight", "1000", "--threads", "2",
    ];

    /// <summary>A narrow VGG19 file, so the tests do not spend their time on the real widths.</summary>
    private static string NarrowModel(TempDir dir)
    {
        string path = dir.File("narrow.safetensors");
        WriteModel(path, Vgg19Weights.Random(5, [4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8]));
        return path;
    }

    private static void WriteModel(string path, Vgg19Weights w)
    {
        var writer = new Nst.Engine.Models.Safetensors.SafetensorsWriter();
        for (int i = 0; i < 16; i++)
        {
            var c = w.Convs[i];
            writer.Add(Vgg19Layout.WeightKey(i), c.Weight, [c.OutChannels, c.InChannels, 3, 3]);
            writer.Add(Vgg19Layout.BiasKey(i), c.Bias, [c.OutChannels]);
        }

        writer.Save(path);
    }

    /// <summary>
    /// With hardware intrinsics switched off every kernel takes its scalar body (Winograd included: the model is
    /// wide enough), and the run must agree with the vector one up to rounding: the first iteration's losses are
    /// those of the same image, later ones follow the slightly different gradients.
    /// </summary>
    [Fact]
    public void Stylize_HardwareIntrinsicsSwitchedOff_LossesMatchTheVectorPath()
    {
        using var dir = new TempDir();
        string model = dir.File("winograd-wide.safetensors");
        WriteModel(model, Vgg19Weights.Random(6, [32, 32, 40, 40, 48, 48, 48, 48, 56, 56, 56, 56, 56, 56, 56, 56]));
        string[] args = [.. Common(dir, model), "--iterations", "3", "--optimizer", "adam", "--output", dir.File("o.png")];

        var vector = NstProcess.Run([.. args, "--report", dir.File("vector.jsonl")]);
        var scalar = NstProcess.RunWith(new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" }, [.. args, "--report", dir.File("scalar.jsonl")]);

        Assert.True(vector.ExitCode == 0, vector.Stderr);
        Assert.True(scalar.ExitCode == 0, scalar.Stderr);
        double[] v = Totals(dir.File("vector.jsonl")), s = Totals(dir.File("scalar.jsonl"));
        Assert.Equal(3, s.Length);
        Assert.Equal(v[0], s[0], 1e-5 * v[0]);
        Assert.Equal(v[2], s[2], 1e-3 * v[2]);
    }

    private static double[] Totals(string report) =>
        [.. File.ReadAllLines(report).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("total").GetDouble())];

    [Theory]
    [InlineData("lbfgs")]
    [InlineData("adam")]
    public void Stylize_TenThenResumeTen_EqualsTwentyInSeparateProcesses(string optimizer)
    {
        using var dir = new TempDir();
        string model = NarrowModel(dir);
        var common = Common(dir, model).Concat(["--optimizer", optimizer]).ToArray();

        var whole = NstProcess.Run([.. common, "--iterations", "20", "--output", dir.File("whole.png"), "--checkpoint", dir.File("whole.ckpt"), "--report", dir.File("whole.jsonl")]);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var first = NstProcess.Run([.. common, "--iterations", "10", "--output", dir.File("a.png"), "--checkpoint", dir.File("a.ckpt"), "--report", dir.File("split.jsonl")]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var second = NstProcess.Run([.. common, "--iterations", "10", "--resume", dir.File("a.ckpt"), "--output", dir.File("b.png"), "--checkpoint", dir.File("b.ckpt"), "--report", dir.File("split.jsonl")]);
        Assert.True(second.ExitCode == 0, second.Stderr);

        var a = Checkpoint.Load(dir.File("whole.ckpt"));
        var b = Checkpoint.Load(dir.File("b.ckpt"));
        Assert.Equal(20, b.Iteration);
        Assert.Equal(a.Image.Select(BitConverter.SingleToInt32Bits), b.Image.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(File.ReadAllBytes(dir.File("whole.png")), File.ReadAllBytes(dir.File("b.png")));
        Assert.Equal(File.ReadAllLines(dir.File("whole.jsonl")), File.ReadAllLines(dir.File("split.jsonl")));
    }

    [Fact]
    public void Stylize_Report_HasOneLinePerIterationWithLosses()
    {
        using var dir = new TempDir();
        var r = NstProcess.Run([.. Common(dir, NarrowModel(dir)), "--iterations", "3", "--output", dir.File("o.jpg"), "--report", dir.File("r.jsonl")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(dir.File("r.jsonl"));
        Assert.Equal(3, lines.Length);
        using var doc = System.Text.Json.JsonDocument.Parse(lines[2]);
        Assert.Equal(3, doc.RootElement.GetProperty("iteration").GetInt32());
        double total = doc.RootElement.GetProperty("total").GetDouble();
        double sum = doc.RootElement.GetProperty("content").GetDouble() + doc.RootElement.GetProperty("style").GetDouble() + doc.RootElement.GetProperty("tv").GetDouble();
        Assert.Equal(sum, total, 1e-9 * Math.Abs(total));
        Assert.True(File.Exists(dir.File("o.jpg")));
    }

    [Fact]
    public void Stylize_CorruptContentImage_ExitsNonZeroWithOneLine()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("bad.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var r = NstProcess.Run("stylize", "--content", dir.File("bad.jpg"), "--style", TestImages.Write(dir.File("s.png"), 2), "--output", dir.File("o.png"), "--model", NarrowModel(dir));
        AssertOneLineError(r, $"content image '{dir.File("bad.jpg")}': ");
    }

    [Fact]
    public void Stylize_WrongShapeWeights_ExitsNonZeroNamingTheLayer()
    {
        using var dir = new TempDir();
        string wrong = Path.Combine(AppContext.BaseDirectory, "Fixtures", "wrong_shape.pth");
        var r = NstProcess.Run([.. Common(dir, wrong), "--iterations", "1", "--output", dir.File("o.png")]);
        AssertOneLineError(r, "features.");
    }

    [Fact]
    public void Stylize_UnknownLayer_ExitsNonZeroListingAllowedNames()
    {
        using var dir = new TempDir();
        var r = NstProcess.Run([.. Common(dir, NarrowModel(dir)), "--style-layers", "relu9_1", "--output", dir.File("o.png")]);
        AssertOneLineError(r, "relu9_1");
    }

    [Fact]
    public void Stylize_UnknownOptimizer_ListsAllowedValues()
    {
        using var dir = new TempDir();
        var r = NstProcess.Run([.. Common(dir, NarrowModel(dir)), "--optimizer", "sgd", "--output", dir.File("o.png")]);
        AssertOneLineError(r, "lbfgs, adam");
    }

    /// <summary>
    /// Plain L-BFGS at lr 1 with style weight 1e5 on the narrow model: the loss of the image after iteration 19 is the
    /// lowest, the final image's is higher. The output is the best iterate: byte for byte what a 19-iteration run writes.
    /// </summary>
    [Fact]
    public void Stylize_LossRisesAtTheEnd_WritesTheBestIterateAndReportsBothLosses()
    {
        using var dir = new TempDir();
        string[] args = [.. Common(dir, NarrowModel(dir)).Select(a => a == "1000" ? "100000" : a), "--lr", "1"];

        var best = NstProcess.Run([.. args, "--iterations", "20", "--output", dir.File("best.png")]);
        Assert.True(best.ExitCode == 0, best.Stderr);
        using var summary = System.Text.Json.JsonDocument.Parse(best.Stdout);
        var root = summary.RootElement;
        int at = root.GetProperty("bestIteration").GetInt32();
        double finalLoss = root.GetProperty("finalLoss").GetProperty("total").GetDouble(), bestLoss = root.GetProperty("bestLoss").GetProperty("total").GetDouble();
        Assert.True(finalLoss > bestLoss, $"no rise at the end: final {finalLoss}, best {bestLoss}");
        Assert.InRange(at, 1, 19);
        Assert.Equal("best", root.GetProperty("keep").GetString());
        Assert.Contains("best", best.Stderr.Split('\n').Single(l => l.StartsWith("nst: wrote", StringComparison.Ordinal)));

        var stopped = NstProcess.Run([.. args, "--iterations", at.ToString(System.Globalization.CultureInfo.InvariantCulture), "--keep", "final", "--output", dir.File("stopped.png")]);
        Assert.True(stopped.ExitCode == 0, stopped.Stderr);
        Assert.Equal(File.ReadAllBytes(dir.File("stopped.png")), File.ReadAllBytes(dir.File("best.png")));

        var final = NstProcess.Run([.. args, "--iterations", "20", "--keep", "final", "--output", dir.File("final.png")]);
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.NotEqual(File.ReadAllBytes(dir.File("final.png")), File.ReadAllBytes(dir.File("best.png")));
    }

    [Fact]
    public void Stylize_CorruptSecondStyleImage_SaysWhichInputWasBad()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var r = NstProcess.Run("stylize", "--content", TestImages.Write(dir.File("c.png"), 1), "--style", TestImages.Write(dir.File("s.png"), 2),
            "--style", dir.File("bad.png"), "--output", dir.File("o.png"), "--model", NarrowModel(dir));
        AssertOneLineError(r, $"style image 2 '{dir.File("bad.png")}': ");
    }

    [Fact]
    public void Stylize_MissingContentImage_SaysWhichInputWasBad()
    {
        using var dir = new TempDir();
        var r = NstProcess.Run("stylize", "--content", dir.File("nope.jpg"), "--style", TestImages.Write(dir.File("s.png"), 2), "--output", dir.File("o.png"));
        AssertOneLineError(r, $"content image '{dir.File("nope.jpg")}': no such file.");
    }

    [Theory]
    [InlineData("--colour", "red", "nst: error: Unrecognized command or argument '--colour'")]
    [InlineData("--stlye-weight", "5", "did you mean --style-weight?")]
    [InlineData("--keep", "worst", "nst: error: --keep must be one of: best, final (got 'worst').")]
    [InlineData("--size", "100000", "nst: error: --size must be between 0 and 4096, got 100000.")]
    public void Stylize_UnknownFlagOrBadValue_OneLineNamingTheFlag(string flag, string value, string expected)
    {
        using var dir = new TempDir();
        var r = NstProcess.Run("stylize", "--content", TestImages.Write(dir.File("c.png"), 1), "--style", TestImages.Write(dir.File("s.png"), 2), "--output", dir.File("o.png"), flag, value);
        AssertOneLineError(r, expected);
    }

    private static void AssertOneLineError(NstProcess.Result r, string expected)
    {
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("nst: no VGG19", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, $"expected one error line, got:\n{r.Stderr}");
        Assert.StartsWith("nst: error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}
