using Nst.Engine.Checkpoints;
using Nst.Engine.Optim;

namespace Nst.Engine.Tests.Checkpoints;

public class CheckpointTests
{
    private static Checkpoint Sample() => new()
    {
        Fingerprint = "abc123",
        Scale = 1,
        IterationInScale = 3,
        Iteration = 9,
        Width = 3,
        Height = 2,
        Image = [0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, float.Epsilon, -0f, 1e-30f, 0.25f, 0.5f, 0.75f, 1f],
        Optimizer = new OptimizerState("adam", new Dictionary<string, float[]> { ["exp_avg"] = [1e-7f, -2f], ["exp_avg_sq"] = [3f, 4f] }, new Dictionary<string, string> { ["step"] = "9" }),
    };

    [Fact]
    public void WriteTo_ThenRead_RoundTripsEveryBit()
    {
        var a = Sample();
        using var ms = new MemoryStream();
        a.WriteTo(ms);
        ms.Position = 0;
        var b = Checkpoint.Read(ms);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal((a.Scale, a.IterationInScale, a.Iteration, a.Width, a.Height), (b.Scale, b.IterationInScale, b.Iteration, b.Width, b.Height));
        Assert.Equal(a.Image.Select(BitConverter.SingleToInt32Bits), b.Image.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("adam", b.Optimizer.Kind);
        Assert.Equal(a.Optimizer.Tensors["exp_avg"], b.Optimizer.Tensors["exp_avg"]);
        Assert.Equal("9", b.Optimizer.Scalars["step"]);
    }

    [Fact]
    public void WriteTo_WithBestIterateAndLosses_RoundTripsEveryBit()
    {
        var a = Sample();
        a = new Checkpoint
        {
            Fingerprint = a.Fingerprint, Scale = a.Scale, IterationInScale = a.IterationInScale, Iteration = a.Iteration,
            Width = a.Width, Height = a.Height, Image = a.Image, Optimizer = a.Optimizer,
            FinalLoss = new(0.1, 1.0 / 3, 2e-300),
            BestLoss = new(double.Epsilon, 0.2999999999999999, 7),
            BestIteration = 7,
            BestImage = [.. a.Image.Reverse()],
        };
        using var ms = new MemoryStream();
        a.WriteTo(ms);
        ms.Position = 0;
        var b = Checkpoint.Read(ms);
        Assert.Equal(a.FinalLoss, b.FinalLoss);
        Assert.Equal(a.BestLoss, b.BestLoss);
        Assert.Equal(7, b.BestIteration);
        Assert.Equal(a.BestImage.Select(BitConverter.SingleToInt32Bits), b.BestImage!.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Read_CheckpointWithoutBest_HasNoBest()
    {
        using var ms = new MemoryStream();
        Sample().WriteTo(ms);
        ms.Position = 0;
        var b = Checkpoint.Read(ms);
        Assert.Null(b.BestLoss);
        Assert.Null(b.BestImage);
        Assert.Null(b.FinalLoss);
    }

    [Fact]
    public void Load_NotACheckpoint_ThrowsClearError()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            var e = Assert.Throws<NstException>(() => Checkpoint.Load(path));
            Assert.Contains("not a readable checkpoint", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsClearError()
    {
        var e = Assert.Throws<NstException>(() => Checkpoint.Load("/nonexistent/x.safetensors"));
        Assert.Contains("does not exist", e.Message);
    }
}
