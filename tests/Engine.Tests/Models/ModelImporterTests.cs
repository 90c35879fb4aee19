using Nst.Engine.Models;
using Nst.Engine.Models.Safetensors;
using Xunit;

namespace Nst.Engine.Tests.Models;

public class ModelImporterTests
{
    [Fact]
    public void Import_Float32_LoadsBackBitIdenticalWithConvKeysOnly()
    {
        string output = TempOut();

        ModelImporter.Import(ModelFixtures.Path("narrow_vgg19_legacy.pth"), output, half: false);

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected(), Vgg19Weights.Load(output));
        using var reader = SafetensorsReader.Open(output);
        Assert.Equal(32, reader.Entries.Count);
        Assert.All(reader.Entries, e => Assert.StartsWith("features.", e.Name));
        Assert.Equal("narrow_vgg19_legacy.pth", reader.Metadata["source"]);
        Assert.Equal("unknown", reader.Metadata["preset"]);
    }

    [Fact]
    public void Import_Half_StoresF16RoundedLikeTorchHalf()
    {
        string output = TempOut();

        ModelImporter.Import(ModelFixtures.Path("narrow_vgg19_zip.pth"), output, half: true);

        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected("narrow_vgg19_fp16_expected.bin"), Vgg19Weights.Load(output));
        using var reader = SafetensorsReader.Open(output);
        Assert.All(reader.Entries, e => Assert.Equal(SafetensorsDType.F16, e.DType));
    }

    [Fact]
    public void Import_CaffeFile_KeepsThePresetInTheImportedFile()
    {
        string caffe = ModelFixtures.TempCopy("narrow_vgg19_zip.pth", "vgg19-d01eb7cb.pth");
        string output = TempOut();

        ModelImporter.Import(caffe, output, half: false);
        var loaded = Vgg19Weights.Load(output);

        Assert.Equal(PreprocessHint.Caffe, loaded.PreprocessHint);
        Assert.Contains("vgg19-d01eb7cb.pth", loaded.Source);
    }

    [Fact]
    public void Import_WrongShape_ThrowsAndWritesNothing()
    {
        string output = TempOut();

        Assert.Throws<NstException>(() => ModelImporter.Import(ModelFixtures.Path("wrong_shape.pth"), output, half: false));

        Assert.False(File.Exists(output));
    }

    private static string TempOut() => Path.Combine(Path.GetTempPath(), "nst-import-" + Guid.NewGuid().ToString("N"), "vgg19.safetensors");
}
