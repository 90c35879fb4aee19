using Nst.Engine.Nn;

namespace Nst.Engine.Tests.Nn;

public class Vgg19LayoutTests
{
    [Theory]
    [InlineData("conv1_1", 0)]
    [InlineData("relu1_1", 1)]
    [InlineData("pool1", 4)]
    [InlineData("relu2_1", 6)]
    [InlineData("conv4_2", 21)]
    [InlineData("relu4_2", 22)]
    [InlineData("block4_conv2", 22)]
    [InlineData("BLOCK5_CONV1", 29)]
    [InlineData("relu5_4", 35)]
    [InlineData("pool5", 36)]
    public void Resolve_KnownSpelling_MapsToTorchvisionIndex(string name, int index)
    {
        Assert.Equal(index, Vgg19Layout.Resolve(name));
    }

    [Theory]
    [InlineData("relu6_1")]
    [InlineData("conv1_3")]
    [InlineData("block2_conv3")]
    [InlineData("features.22")]
    [InlineData("")]
    public void Resolve_UnknownName_ThrowsNamingAllowedSpellings(string name)
    {
        var e = Assert.Throws<NstException>(() => Vgg19Layout.Resolve(name));
        Assert.Contains("relu1_1", e.Message);
        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void Ops_Layout_MatchesTorchvisionFeatures()
    {
        Assert.Equal(37, Vgg19Layout.Ops.Count);
        Assert.Equal(new[] { 0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34 }, Vgg19Layout.ConvIndices);
        Assert.All(new[] { 4, 9, 18, 27, 36 }, i => Assert.Equal(VggOpKind.Pool, Vgg19Layout.Ops[i].Kind));
    }
}
