using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Engine.Tests.Session.Options;

public class OptionLimitsTests
{
    [Fact]
    public void Default_IsTheIssuesLimits()
    {
        Assert.Equal(4096, OptionLimits.Default.MaxSize);
        Assert.Equal(30_000, OptionLimits.Default.MaxIterations);
        Assert.Equal(8, OptionLimits.Default.MaxScales);
    }

    [Theory]
    [InlineData(15, 100, 4)]
    [InlineData(StyleTransferOptions.MaxSide + 1, 100, 4)]
    [InlineData(512, -1, 4)]
    [InlineData(512, 100, 0)]
    [InlineData(512, 100, 9)]
    public void Init_BeyondTheEnginesBounds_Throws(int size, int iterations, int scales) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OptionLimits.Default with { MaxSize = size, MaxIterations = iterations, MaxScales = scales });

    [Fact]
    public void CheckContent_SizeZeroWithALargeContent_IsRefused()
    {
        var keepSize = new StyleTransferOptions { Size = 0 };
        var e = Assert.Throws<OptionException>(() => OptionLimits.Default.CheckContent(keepSize, 8000, 5000));
        Assert.Equal("size", e.Option);
        Assert.Contains("8000x5000", e.Message);
        OptionLimits.Default.CheckContent(keepSize, 4096, 3000);
        OptionLimits.Default.CheckContent(new StyleTransferOptions(), 8000, 5000);
    }

    [Fact]
    public void Validate_SizesTheEngineCannotHold_AreRefusedEvenWithoutAHost()
    {
        Assert.Equal("size", Assert.Throws<OptionException>(() => new StyleTransferOptions { Size = 100_000 }.Validate()).Option);
        Assert.Equal("scales", Assert.Throws<OptionException>(() => new StyleTransferOptions { ScaleSizes = [256, 100_000] }.Validate()).Option);
        Assert.Equal("iterations", Assert.Throws<OptionException>(() => new StyleTransferOptions { Scales = 8, Iterations = [int.MaxValue] }.Validate()).Option);
    }
}
