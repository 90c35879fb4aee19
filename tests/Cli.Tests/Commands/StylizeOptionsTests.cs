using System.CommandLine;
using Nst.Cli.Commands;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Tests.Commands;

/// <summary>The stylize flags through System.CommandLine's real parser, as a user types them.</summary>
public class StylizeOptionsTests
{
    private static readonly string[] Required = ["stylize", "--content", "c.png", "--style", "s.png", "--output", "o.png"];

    private static (StylizeOptions Options, ParseResult Result) Parse(params string[] args)
    {
        var options = new StylizeOptions();
        var root = new RootCommand { StylizeCommand.Create(options) };
        var result = root.Parse([.. Required, .. args]);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
        return (options, result);
    }

    private static StyleTransferOptions Bind(params string[] args)
    {
        var (options, result) = Parse(args);
        return options.BindJob(result);
    }

    public static TheoryData<string> JobOptionNames()
    {
        var data = new TheoryData<string>();
        foreach (var spec in OptionCatalog.Job) data.Add(spec.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(JobOptionNames))]
    public void BindJob_EveryJobOptionAsAFlag_ReachesTheEngineOptions(string name)
    {
        var spec = OptionCatalog.Find(name)!;
        var expected = OptionCatalog.Describe(spec.Apply(new StyleTransferOptions(), spec.Example));

        Assert.Equal(expected, OptionCatalog.Describe(Bind("--" + name, spec.Example)));
        if (spec.Type == OptionType.Bool)
        {
            Assert.Equal(expected, OptionCatalog.Describe(Bind("--" + name)));
        }
    }

    [Fact]
    public void BindJob_NoJobFlags_GivesTheEngineDefaults() =>
        Assert.Equal(OptionCatalog.Describe(new StyleTransferOptions()), OptionCatalog.Describe(Bind()));

    [Fact]
    public void Command_Flags_AreTheCatalogsJobOptionsAndTheHostOptions()
    {
        var options = new StylizeOptions();
        var names = StylizeCommand.Create(options).Options.Select(o => o.Name).Where(n => n != "--help").ToArray();
        string[] host = ["--content", "--style", "--output", "--model", "--device", "--threads", "--report", "--checkpoint", "--checkpoint-every", "--resume", "--save-every", "--max-pixels", "--max-size", "--max-iterations"];

        Assert.Equal(OptionCatalog.Job.Select(o => "--" + o.Name), options.Job.Select(j => j.Option.Name));
        Assert.Equal(OptionCatalog.Job.Select(o => "--" + o.Name).Concat(host).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.All(options.Job, j => Assert.Contains(j.Spec.DefaultText, j.Option.Description));
    }

    [Theory]
    [InlineData("--keep", "worst", "--keep must be one of: best, final (got 'worst').")]
    [InlineData("--size", "100000", "--size must be between 0 and 4096, got 100000.")]
    [InlineData("--scales", "2", "--iterations takes one value or one per scale (2), got 3.")]
    [InlineData("--tv-power", "5", "--tv-power must be in (0, 4], got 5.")]
    public void BindJob_BadValue_NamesTheFlag(string flag, string value, string message)
    {
        string[] args = flag == "--scales" ? [flag, value, "--iterations", "1,2,3"] : [flag, value];
        var (options, result) = Parse(args);
        var e = Assert.Throws<OptionException>(() => options.BindJob(result));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void BindJob_MaxSizeAndMaxIterations_RaiseTheLimits()
    {
        Assert.Equal(6000, Bind("--size", "6000", "--max-size", "8192").Size);
        Assert.Equal([50_000], Bind("--iterations", "50000", "--max-iterations", "60000").Iterations);
        var (options, result) = Parse("--iterations", "50000");
        Assert.Throws<OptionException>(() => options.BindJob(result));
    }

    [Fact]
    public void Bind_HostOptions_ReachTheRun()
    {
        var (options, result) = Parse("--threads", "3", "--save-every", "5", "--max-pixels", "1000", "--max-size", "1024");
        var run = options.Bind(result);
        Assert.Equal(("c.png", "o.png", 3, 5, 1000L, 1024), (run.ContentPath, run.OutputPath, run.Threads, run.SaveEvery, run.Limits.MaxPixels, run.OptionLimits.MaxSize));
        Assert.Equal(["s.png"], run.StylePaths);
    }
}
