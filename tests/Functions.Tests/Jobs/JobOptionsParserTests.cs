using Nst.Engine.Session;
using Nst.Functions.Jobs;

namespace Nst.Functions.Tests.Jobs;

public sealed class JobOptionsParserTests
{
    [Fact]
    public void Apply_MetadataSpellings_MapOntoTheEngineOptions()
    {
        var options = JobOptionsParser.Apply(JobOptions.PipelineDefaults, new Dictionary<string, string>
        {
            ["iterations"] = "10,20", ["scales"] = "128,256", ["optimizer"] = "Adam", ["style_weight"] = "1e4",
            ["preserve-colors"] = "true", ["seed"] = "7", ["init"] = "noise", ["lr"] = "0.05", ["pooling"] = "avg",
        });

        StyleTransferOptions engine = options.ToStyleTransferOptions([new JobStyle { Blob = "styles/a.png" }]);

        Assert.Equal([10, 20], engine.Iterations);
        Assert.Equal([128, 256], engine.ScaleSizes);
        Assert.Equal(OptimizerKind.Adam, engine.Optimizer);
        Assert.Equal(1e4f, engine.StyleWeight);
        Assert.Equal(ColorPreservation.Luminance, engine.PreserveColors);
        Assert.Equal(InitMode.Noise, engine.Init);
        Assert.Equal(0.05f, engine.LearningRate);
        Assert.Equal(7, engine.Seed);
    }

    [Fact]
    public void PipelineDefaults_Are512PixelsAnd300Iterations()
    {
        StyleTransferOptions engine = JobOptions.PipelineDefaults.ToStyleTransferOptions([new JobStyle { Blob = "styles/a.png" }]);

        Assert.Equal(512, engine.Size);
        Assert.Equal([300], engine.Iterations);
    }

    [Theory]
    [InlineData("size", "big", "nst_size takes a whole number")]
    [InlineData("optimizer", "sgd", "nst_optimizer must be one of: lbfgs, adam")]
    [InlineData("colour", "x", "'nst_colour' is not an option")]
    public void Apply_BadValue_ThrowsInvalidOptionsNamingTheKey(string key, string value, string expected)
    {
        var e = Assert.Throws<JobSubmissionException>(() =>
            JobOptionsParser.Apply(JobOptions.PipelineDefaults, new Dictionary<string, string> { [key] = value }, k => "nst_" + k));

        Assert.Equal(JobErrorCodes.InvalidOptions, e.Code);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooSmallSize_ThrowsInvalidOptions()
    {
        var options = JobOptions.PipelineDefaults with { Size = 8 };

        var e = Assert.Throws<JobSubmissionException>(() => options.Validate([new JobStyle { Blob = "styles/a.png" }]));

        Assert.Equal(JobErrorCodes.InvalidOptions, e.Code);
    }
}
