using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Tests.Session.Options;

public class OptionBinderTests
{
    private static readonly StyleTransferOptions Defaults = new();

    private static StyleTransferOptions Bind(OptionSurface surface, params (string Key, string Value)[] values) =>
        OptionBinder.Apply(Defaults, values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)), surface);

    private static OptionException Refused(OptionSurface surface, params (string Key, string Value)[] values) =>
        Assert.Throws<OptionException>(() => Bind(surface, values));

    [Theory]
    [MemberData(nameof(OptionSurfaceCases.JobOptionNames), MemberType = typeof(OptionSurfaceCases))]
    public void Apply_NonDefaultValueOnEverySurfaceAndSpelling_ReachesTheEngineOptions(string name)
    {
        var spec = OptionCatalog.Find(name)!;
        var expected = OptionCatalog.Describe(spec.Apply(Defaults, spec.Example));
        Assert.NotEqual(OptionCatalog.Describe(Defaults)[name], expected[name]);

        foreach (var (surface, spelling, key) in OptionSurfaceCases.Spellings)
        {
            var values = surface == OptionSurface.Manifest
                ? OptionSurfaceCases.FromManifest(key(spec), OptionSurfaceCases.Json(spec, spec.Example))
                : [new(key(spec), spec.Example)];
            var bound = OptionBinder.Apply(Defaults, values, surface);
            Assert.True(expected.SequenceEqual(OptionCatalog.Describe(bound)), $"{name} through {surface} ({spelling}) gave {OptionCatalog.Describe(bound)[name]}");
        }
    }

    [Theory]
    [InlineData("drop", "nst_colour", "nst_colour is not an option here; the options are: nst_preprocess, nst_size,")]
    [InlineData("manifest", "colour", "options.colour is not an option here; the options are: options.preprocess, options.size,")]
    [InlineData("api", "colour", "colour is not an option here; the options are: preprocess, size,")]
    [InlineData("cli", "--colour", "--colour is not an option here; the options are: --preprocess, --size,")]
    public void Apply_UnknownOption_NamesItAsWrittenAndListsTheOptions(string surface, string key, string start)
    {
        var e = Refused(Surface(surface), (key, "1"));
        Assert.StartsWith(start, e.Message);
        Assert.Contains(Surface(surface).Display(OptionCatalog.Find("keep")!), e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("drop", "nst_optimizer", "nst_optimizer must be one of: lbfgs, adam (got 'sgd').")]
    [InlineData("drop", "NST_Optimizer", "NST_Optimizer must be one of: lbfgs, adam (got 'sgd').")]
    [InlineData("manifest", "optimizer", "options.optimizer must be one of: lbfgs, adam (got 'sgd').")]
    [InlineData("api", "Optimizer", "Optimizer must be one of: lbfgs, adam (got 'sgd').")]
    [InlineData("cli", "--optimizer", "--optimizer must be one of: lbfgs, adam (got 'sgd').")]
    public void Apply_BadEnumValue_NamesTheOptionAsWrittenAndListsAllowedValues(string surface, string key, string message) =>
        Assert.Equal(message, Refused(Surface(surface), (key, "sgd")).Message);

    [Theory]
    [InlineData("drop", "nst_size", "nst_size takes a whole number, got 'big'.")]
    [InlineData("manifest", "size", "options.size takes a whole number, got 'big'.")]
    [InlineData("api", "size", "size takes a whole number, got 'big'.")]
    [InlineData("cli", "--size", "--size takes a whole number, got 'big'.")]
    public void Apply_BadNumber_NamesTheOptionAsWritten(string surface, string key, string message) =>
        Assert.Equal(message, Refused(Surface(surface), (key, "big")).Message);

    [Theory]
    [InlineData("preprocess", "sobel", "must be one of: torchvision, caffe, auto (got 'sobel').")]
    [InlineData("line-search", "armijo", "must be one of: none, strong-wolfe (got 'armijo').")]
    [InlineData("keep", "worst", "must be one of: best, final (got 'worst').")]
    [InlineData("normalize-gradients", "maybe", "must be one of: true, false (got 'maybe').")]
    [InlineData("style-layers", "relu9_1", "has an unknown layer 'relu9_1'; use conv1_1…conv5_4")]
    [InlineData("tv-power", "0", "must be in (0, 4], got 0.")]
    [InlineData("lr", "-1", "must be greater than 0, got -1.")]
    [InlineData("lbfgs-history", "0", "must be between 1 and 1000, got 0.")]
    [InlineData("style-weight", "NaN", "takes a number, got 'NaN'.")]
    [InlineData("iterations", "", "is empty; give a value or leave it out.")]
    public void Apply_BadValue_SaysWhatIsAllowed(string name, string value, string problem)
    {
        var e = Refused(OptionSurface.DropMetadata, ("nst_" + name.Replace('-', '_'), value));
        Assert.StartsWith($"nst_{name.Replace('-', '_')} {problem}", e.Message);
        Assert.Equal(name, e.Option);
    }

    [Fact]
    public void Apply_SizeBeyondTheLimit_IsRefusedBeforeAnyWork()
    {
        Assert.Equal("nst_size must be between 0 and 4096, got 100000.", Refused(OptionSurface.DropMetadata, ("nst_size", "100000")).Message);
        Assert.Equal("size must be between 0 and 4096, got 2147483648.", Refused(OptionSurface.Api, ("size", "2147483648")).Message);
        Assert.StartsWith("options.scales must be between 16 and 4096, got 5000.", Refused(OptionSurface.Manifest, ("scales", "256,5000")).Message);
        var larger = OptionLimits.Default with { MaxSize = 8192 };
        Assert.Equal(8000, OptionBinder.Apply(Defaults, [new("size", "8000")], OptionSurface.Api, larger).Size);
    }

    [Fact]
    public void Apply_IterationsBeyondTheLimit_AreRefusedPerScaleAndInTotal()
    {
        Assert.Equal("nst_iterations must be between 0 and 30000, got 1000000000.", Refused(OptionSurface.DropMetadata, ("nst_iterations", "1000000000")).Message);
        Assert.Equal("nst_iterations come to 40,000 over 4 scales, more than the limit of 30,000 here.",
            Refused(OptionSurface.DropMetadata, ("nst_scales", "4"), ("nst_iterations", "10000")).Message);
        var few = OptionLimits.Default with { MaxIterations = 100 };
        Assert.Throws<OptionException>(() => OptionBinder.Apply(Defaults, [new("iterations", "101")], OptionSurface.Api, few));
    }

    [Fact]
    public void Apply_TooManyScales_AreRefused()
    {
        Assert.Equal("nst_scales must be between 1 and 8, got 9.", Refused(OptionSurface.DropMetadata, ("nst_scales", "9")).Message);
        Assert.StartsWith("nst_scales lists 9 sizes", Refused(OptionSurface.DropMetadata, ("nst_scales", "16,32,48,64,80,96,112,128,144")).Message);
        var three = OptionLimits.Default with { MaxScales = 3 };
        Assert.Throws<OptionException>(() => OptionBinder.Apply(Defaults, [new("scales", "4")], OptionSurface.Api, three));
    }

    [Fact]
    public void Apply_OptionsThatDisagree_NameTheOneWrittenThere()
    {
        var e = Refused(OptionSurface.DropMetadata, ("nst_scales", "2"), ("nst_iterations", "1,2,3"));
        Assert.Equal("nst_iterations takes one value or one per scale (2), got 3.", e.Message);
        var weights = Refused(OptionSurface.Manifest, ("styleLayerWeights", "1,2"));
        Assert.Equal("options.styleLayerWeights has 2 values for 5 style layers.", weights.Message);
        // An option an earlier source set (a style's JSON) is named the way this surface spells it.
        var fromStyle = Defaults with { StyleLayerWeights = [1, 1, 1, 1, 1] };
        var unwritten = Assert.Throws<OptionException>(() => OptionBinder.Apply(fromStyle, [new("nst_style_layers", "relu1_1,relu2_1")], OptionSurface.DropMetadata));
        Assert.Equal("nst_style_layer_weights has 5 values for 2 style layers.", unwritten.Message);
    }

    [Fact]
    public void Apply_WithoutValidation_LeavesTheWholeCheckToTheLastSource()
    {
        var style = OptionBinder.Apply(Defaults, [new("iterations", "100,200")], OptionSurface.Api, validate: false);
        var drop = OptionBinder.Apply(style, [new("nst_scales", "2")], OptionSurface.DropMetadata);
        Assert.Equal([100, 200], drop.Iterations);
        Assert.Equal(2, drop.ScaleCount);
    }

    [Fact]
    public void Apply_Auto_RestoresTheDefaultThatDependsOnOtherSettings()
    {
        var set = Bind(OptionSurface.Api, ("style_weight", "5"), ("lr", "0.1"), ("preprocess", "caffe"));
        var back = OptionBinder.Apply(set, [new("style_weight", "auto"), new("lr", "AUTO"), new("preprocess", "auto")], OptionSurface.Api);
        Assert.Null(back.StyleWeight);
        Assert.Null(back.LearningRate);
        Assert.Null(back.Preprocess);
    }

    [Theory]
    [InlineData("true", ColorPreservation.Luminance)]
    [InlineData("1", ColorPreservation.Luminance)]
    [InlineData("no", ColorPreservation.None)]
    [InlineData("Histogram", ColorPreservation.Histogram)]
    public void Apply_PreserveColorsAliases_MapOntoTheModes(string value, ColorPreservation expected) =>
        Assert.Equal(expected, Bind(OptionSurface.DropMetadata, ("nst_preserve_colors", value)).PreserveColors);

    [Fact]
    public void Apply_LongBadValue_QuotesAtMostAHundredCharacters()
    {
        string huge = new('x', 5_000_000);
        var e = Refused(OptionSurface.Api, ("init", huge));
        Assert.True(e.Message.Length < 250, $"message is {e.Message.Length} characters");
        var unknown = Refused(OptionSurface.Api, (huge, "1"));
        Assert.True(unknown.Message.Length < 1200, $"message is {unknown.Message.Length} characters");
    }

    [Theory]
    [InlineData("{\"size\": null}", "options.size is null; give a value or leave it out.")]
    [InlineData("{\"size\": {\"px\": 3}}", "options.size must be a number, a string, true/false or a list of them.")]
    [InlineData("{\"scales\": [256, [512]]}", "options.scales must be a number, a string, true/false or a list of them.")]
    public void ToValues_ValueJsonCannotHold_NamesTheManifestKey(string json, string message)
    {
        using var doc = JsonDocument.Parse(json);
        var e = Assert.Throws<OptionException>(() => OptionJson.ToValues(doc.RootElement, OptionSurface.Manifest));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ToValues_TypedJson_BindsLikeText()
    {
        var json = new JsonObject { ["scales"] = new JsonArray(256, 512), ["styleWeight"] = 1e4, ["normalize_gradients"] = true, ["init"] = "noise" };
        using var doc = JsonDocument.Parse(json.ToJsonString());
        var options = OptionBinder.Apply(Defaults, OptionJson.ToValues(doc.RootElement, OptionSurface.Manifest), OptionSurface.Manifest);
        Assert.Equal([256, 512], options.ScaleSizes);
        Assert.Equal(1e4f, options.StyleWeight);
        Assert.True(options.NormalizeGradients);
        Assert.Equal(InitMode.Noise, options.Init);
    }

    [Fact]
    public void On_ErrorFromTheEngine_IsRenamedForTheSurface()
    {
        var e = Assert.Throws<OptionException>(() => (Defaults with { TvPower = 9 }).Validate());
        Assert.Equal("tv-power must be in (0, 4], got 9.", e.Message);
        Assert.Equal("nst_tv_power must be in (0, 4], got 9.", e.On(OptionSurface.DropMetadata).Message);
        Assert.Equal("--tv-power must be in (0, 4], got 9.", e.On(OptionSurface.Cli).Message);
    }

    private static OptionSurface Surface(string name) => name switch
    {
        "drop" => OptionSurface.DropMetadata,
        "manifest" => OptionSurface.Manifest,
        "cli" => OptionSurface.Cli,
        _ => OptionSurface.Api,
    };
}
