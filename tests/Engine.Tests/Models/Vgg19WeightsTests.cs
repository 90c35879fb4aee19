using Xunit;
using Nst.Engine.Models;
using Nst.Engine.Models.Safetensors;

using Nst.Engine.Nn;

namespace Nst.Engine.Tests.Models;

public class Vgg19WeightsTests
{
    [Theory]
    [InlineData("narrow_vgg19_zip.pth")]
    [InlineData("narrow_vgg19_archive.pth")]
    [InlineData("narrow_vgg19_legacy.pth")]
    [InlineData("narrow_vgg19_hand.safetensors")]
    public void Load_FixtureFile_IsBitIdenticalToStoredValues(string fixture)
    {
        var weights = Vgg19Weights.Load(ModelFixtures.Path(fixture));

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected(), weights);
        Assert.Equal(ModelFixtures.Widths, weights.Convs.Select(c => c.OutChannels));
        Assert.False(weights.IsRandom);
    }

    [Fact]
    public void Load_Fp16Pth_GivesHalfRoundedValues()
    {
        var weights = Vgg19Weights.Load(ModelFixtures.Path("narrow_vgg19_fp16.pth"));

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected("narrow_vgg19_fp16_expected.bin"), weights);
    }

    [Fact]
    public void Load_RenamedWithoutExtension_SniffsFormatFromContent()
    {
        string path = ModelFixtures.TempCopy("narrow_vgg19_legacy.pth", "weights.bin");

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected(), Vgg19Weights.Load(path));
    }

    [Fact]
    public void Load_WrongShape_NamesTheLayerAndItsInput()
    {
        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(ModelFixtures.Path("wrong_shape.pth")));

        Assert.Contains("features.5.weight has shape [8, 3, 3, 3]; expected 3x3 kernels taking the 4 channels of features.2", e.Message);
    }

    [Theory]
    [InlineData("narrow_vgg19_zip.pth")]
    [InlineData("narrow_vgg19_legacy.pth")]
    [InlineData("narrow_vgg19_hand.safetensors")]
    public void Load_TruncatedFile_ThrowsNstExceptionSayingTruncated(string fixture)
    {
        long length = new FileInfo(ModelFixtures.Path(fixture)).Length;
        foreach (long cut in new[] { length - 100, length / 2, 40 })
        {
            string path = ModelFixtures.TempCopy(fixture, truncateTo: cut);

            var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(path));

            Assert.Matches("truncated|damaged|ends", e.Message);
        }
    }

    [Fact]
    public void Load_WholePickledModule_RefusesTheNonAllowListedGlobal()
    {
        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(ModelFixtures.Path("whole_module.pth")));

        Assert.Contains("torch.nn.modules.container.Sequential", e.Message);
        Assert.Contains("state_dict", e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysWhatToDo()
    {
        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load("/nonexistent/vgg19.pth"));

        Assert.Contains("does not exist", e.Message);
        Assert.Contains("nst model", e.Message);
    }

    [Fact]
    public void Load_NeitherFormat_ThrowsNstException()
    {
        string path = ModelFixtures.TempCopy("narrow_vgg19_expected.bin");

        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(path));

        Assert.Contains("neither a PyTorch .pth nor a safetensors", e.Message);
    }

    [Fact]
    public void Load_ModulePrefixedKeys_AreAccepted()
    {
        string path = WriteSafetensors(ModelFixtures.Expected(), "module.");

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected(), Vgg19Weights.Load(path));
    }

    [Fact]
    public void Load_MissingLastLayer_NamesTheMissingTensor()
    {
        var layers = ModelFixtures.Expected();
        string path = WriteSafetensors(layers[..15], "");

        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(path));

        Assert.Contains("lacks features.34.weight", e.Message);
    }

    [Fact]
    public void Load_Vgg16Layout_IsRejectedAsNotVgg19()
    {
        var writer = new SafetensorsWriter();
        writer.Add("features.17.weight", new float[8 * 8 * 9], [8, 8, 3, 3]);
        writer.Add("features.17.bias", new float[8], [8]);
        string path = TempFile();
        writer.Save(path);

        var e = Assert.Throws<NstException>(() => Vgg19Weights.Load(path));

        Assert.Contains("features.17", e.Message);
        Assert.Contains("VGG16", e.Message);
    }

    [Fact]
    public void Load_CaffeHashTagInName_IsCaffePreset()
    {
        string path = ModelFixtures.TempCopy("narrow_vgg19_zip.pth", "vgg19-d01eb7cb.pth");

        Assert.Equal(PreprocessHint.Caffe, Vgg19Weights.Load(path).PreprocessHint);
    }

    [Fact]
    public void Load_TorchvisionHashTagInName_IsTorchvisionPreset()
    {
        string path = ModelFixtures.TempCopy("narrow_vgg19_legacy.pth", "vgg19-dcbb9e9d.pth");

        Assert.Equal(PreprocessHint.Torchvision, Vgg19Weights.Load(path).PreprocessHint);
    }

    [Fact]
    public void Load_UntaggedFileWithNormalWeights_IsUnknownPreset()
    {
        Assert.Equal(PreprocessHint.Unknown, Vgg19Weights.Load(ModelFixtures.Path("narrow_vgg19_zip.pth")).PreprocessHint);
    }

    [Fact]
    public void Load_UntaggedFileWithTinyFirstConv_IsCaffePresetByHeuristic()
    {
        var layers = ModelFixtures.Expected();
        layers[0] = (Array.ConvertAll(layers[0].Weight, w => w / 50), layers[0].Bias);

        Assert.Equal(PreprocessHint.Caffe, Vgg19Weights.Load(WriteSafetensors(layers, "")).PreprocessHint);
    }

    private static string WriteSafetensors((float[] Weight, float[] Bias)[] layers, string prefix)
    {
        var writer = new SafetensorsWriter();
        int inChannels = 3;
        for (int i = 0; i < layers.Length; i++)
        {
            int outChannels = layers[i].Bias.Length;
            writer.Add($"{prefix}{Vgg19Layout.WeightKey(i)}", layers[i].Weight, [outChannels, inChannels, 3, 3]);
            writer.Add($"{prefix}{Vgg19Layout.BiasKey(i)}", layers[i].Bias, [outChannels]);
            inChannels = outChannels;
        }

        string path = TempFile();
        writer.Save(path);
        return path;
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "nst-models-" + Guid.NewGuid().ToString("N") + ".safetensors");
}
