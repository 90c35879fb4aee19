using Nst.Engine.Models.Safetensors;

using Nst.Engine.Nn;

namespace Nst.Engine.Models;

/// <summary>
/// Turns a weights file users have (.pth in either PyTorch format, or safetensors) into the safetensors
/// file the engine prefers: conv layers only, keys <c>features.N.weight/bias</c>, with the source and the
/// preprocessing preset recorded in <c>__metadata__</c>.
/// </summary>
public static class ModelImporter
{
    /// <summary>Imports <paramref name="pthPath"/> into <paramref name="outPath"/>; fp16 halves the file and rounds each weight to nearest even.</summary>
    public static Vgg19Weights Import(string pthPath, string outPath, bool half)
    {
        var weights = Vgg19Weights.LoadFile(pthPath);
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Metadata["model"] = "vgg19";
        writer.Metadata["source"] = Path.GetFileName(pthPath);
        writer.Metadata["preset"] = weights.PreprocessHint.ToString().ToLowerInvariant();
        var dtype = half ? SafetensorsDType.F16 : SafetensorsDType.F32;
        for (int conv = 0; conv < weights.Convs.Count; conv++)
        {
            var c = weights.Convs[conv];
            writer.Add(Vgg19Layout.WeightKey(conv), c.Weight, [c.OutChannels, c.InChannels, 3, 3], dtype);
            writer.Add(Vgg19Layout.BiasKey(conv), c.Bias, [c.OutChannels], dtype);
        }

        writer.Save(outPath);
        return weights;
    }
}
