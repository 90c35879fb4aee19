using System.Collections;
using System.Reflection;
using Nst.Engine.Nn;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Tests.Session.Options;

public class OptionCatalogTests
{
    [Fact]
    public void Job_EveryEngineOption_IsSetByTheExampleOfSomeJobOption()
    {
        var defaults = new StyleTransferOptions();
        var properties = typeof(StyleTransferOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null).ToArray();
        Assert.True(properties.Length >= 23, $"only {properties.Length} settable properties found");
        var missing = properties.Where(p => !OptionCatalog.Job.Any(spec => !Same(p.GetValue(defaults), p.GetValue(spec.Apply(defaults, spec.Example))))).ToArray();
        Assert.True(missing.Length == 0, $"no job option sets {string.Join(", ", missing.Select(p => p.Name))}");
    }

    [Fact]
    public void Job_Names_AreUniqueInEverySpelling()
    {
        var keys = OptionCatalog.Job.SelectMany(o => new[] { o.Name, o.SnakeName, o.CamelName }).Select(OptionText.NormalizeKey).ToArray();
        Assert.Equal(keys.Length / 3, keys.Distinct().Count());
        Assert.All(OptionCatalog.Job, o => Assert.Matches("^[a-z]+(-[a-z]+)*$", o.Name));
    }

    [Fact]
    public void Job_EveryExample_DiffersFromTheDefaultAndReadsBackAsWritten()
    {
        var defaults = new StyleTransferOptions();
        foreach (var spec in OptionCatalog.Job)
        {
            var applied = spec.Apply(defaults, spec.Example);
            Assert.NotEqual(spec.Read(defaults), spec.Read(applied));
            Assert.Equal(spec.Example, spec.Read(applied));
            applied.Validate();
        }
    }

    [Theory]
    [InlineData("style-weight")]
    [InlineData("style_weight")]
    [InlineData("styleWeight")]
    [InlineData(" STYLE_WEIGHT ")]
    public void Find_AnySpelling_FindsTheOption(string key) => Assert.Equal("style-weight", OptionCatalog.Find(key)?.Name);

    [Fact]
    public void Find_UnknownKey_ReturnsNull() => Assert.Null(OptionCatalog.Find("colour"));

    [Fact]
    public void Describe_AppliedBack_GivesTheSameOptions()
    {
        var custom = OptionCatalog.Job.Aggregate(new StyleTransferOptions(), (o, spec) => spec.Apply(o, spec.Example));
        foreach (var options in new[] { new StyleTransferOptions(), custom })
        {
            var described = OptionCatalog.Describe(options);
            var back = OptionBinder.Apply(new StyleTransferOptions { Size = 64, Keep = KeepIterate.Final }, described, OptionSurface.Api);
            Assert.Equal(described, OptionCatalog.Describe(back));
        }

        Assert.Equal(OptionCatalog.Job.Select(o => o.Name), OptionCatalog.Describe(custom).Keys);
    }

    [Fact]
    public void Describe_DefaultsThatDependOnThePreprocessing_ResolveWhenItIsKnown()
    {
        var options = new StyleTransferOptions();
        Assert.Equal("auto", OptionCatalog.Describe(options)["content-weight"]);
        Assert.Equal("auto", OptionCatalog.Describe(options)["preprocess"]);
        Assert.Equal("1", OptionCatalog.Describe(options)["lr"]);
        Assert.Equal("30", OptionCatalog.Describe(options, Preprocess.Torchvision)["content-weight"]);
        Assert.Equal("1000000", OptionCatalog.Describe(options, Preprocess.Torchvision)["style-weight"]);
        Assert.Equal("5", OptionCatalog.Describe(options, Preprocess.Caffe)["content-weight"]);
        Assert.Equal("caffe", OptionCatalog.Describe(options, Preprocess.Caffe)["preprocess"]);
        Assert.Equal("0.02", OptionCatalog.Describe(options with { Optimizer = OptimizerKind.Adam })["lr"]);
        Assert.Equal("1,1,1,1,1", OptionCatalog.Describe(options)["style-layer-weights"]);
    }

    [Fact]
    public void Metadata_HostLimits_AreTheMaximaAndDefaultsComeFromTheGivenOptions()
    {
        var limits = OptionLimits.Default with { MaxSize = 2048, MaxIterations = 1000, MaxScales = 4 };
        var metadata = OptionCatalog.Metadata(new StyleTransferOptions { Iterations = [300] }, limits).ToDictionary(m => m.Name);

        Assert.Equal(OptionCatalog.Job.Count, metadata.Count);
        Assert.Equal(2048, metadata["size"].Max);
        Assert.Equal(1000, metadata["iterations"].Max);
        Assert.Equal(4, metadata["scales"].Max);
        Assert.Equal("300", metadata["iterations"].Default);
        Assert.Equal(["lbfgs", "adam"], metadata["optimizer"].Allowed);
        Assert.Equal("enum", metadata["optimizer"].Type);
        Assert.Equal("int-list", metadata["scales"].Type);
        Assert.Equal("style_weight", metadata["style-weight"].Key);
        Assert.Equal("styleWeight", metadata["style-weight"].JsonName);
        Assert.True(metadata["lr"].AcceptsAuto);
        Assert.True(metadata["lr"].MinExclusive);
        Assert.All(metadata.Values, m => Assert.False(string.IsNullOrWhiteSpace(m.Help)));
    }

    private static bool Same(object? a, object? b) =>
        a is IEnumerable x && b is IEnumerable y && a is not string
            ? x.Cast<object>().SequenceEqual(y.Cast<object>())
            : Equals(a, b);
}
