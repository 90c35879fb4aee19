using System.Globalization;
using Nst.Engine.Losses;
using Nst.Engine.Models;
using Nst.Engine.Models.Safetensors;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;

namespace Nst.Engine.Tests.Parity;

/// <summary>
/// The PyTorch fixtures written by scripts/fixtures/make_parity_fixtures.py: a narrow VGG19 (.pth) and one
/// safetensors file with the inputs, every intermediate result and the objective's settings in its metadata.
/// </summary>
internal static class ParityFixture
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "parity");

    public static SafetensorsReader Open() => SafetensorsReader.Open(Path.Combine(Dir, "parity.safetensors"));

    public static Vgg19Weights Weights() => Vgg19Weights.Load(Path.Combine(Dir, "narrow_vgg19.pth"));

    public static Tensor Read(SafetensorsReader r, string name)
    {
        var shape = r.GetEntry(name).Shape;
        return Tensor.FromArray(r.ReadSingles(name), (int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3]);
    }

    public static ObjectiveSpec Spec(SafetensorsReader r) => new(
        ContentLayers: Ints(r.Metadata["content_layers"]),
        StyleLayers: Ints(r.Metadata["style_layers"]),
        StyleLayerWeights: r.Metadata["style_layer_weights"].Split(',').Select(Float).ToArray(),
        ContentWeight: Float(r.Metadata["content_weight"]),
        StyleWeight: Float(r.Metadata["style_weight"]),
        TvWeight: Float(r.Metadata["tv_weight"]),
        Preprocess: Preprocess.Torchvision,
        Pooling: PoolingMode.Max);

    /// <summary>max |a − b| / max |b|: error relative to the tensor's scale.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    private static int[] Ints(string s) => s.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static float Float(string s) => float.Parse(s, CultureInfo.InvariantCulture);
}
