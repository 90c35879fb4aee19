using Nst.Engine.Kernels;

namespace Nst.Engine.Models;

/// <summary>
/// Decides how a weights file expects its input, most reliable evidence first:
/// 1. the <c>preset</c> our importer writes into safetensors metadata;
/// 2. the hash tag in the published file names — neural-style-pt's caffe-converted <c>vgg19-d01eb7cb.pth</c>
///    and torchvision's <c>vgg19-dcbb9e9d.pth</c> (also kept in an import's recorded source);
/// 3. a statistic of the first conv: caffe weights take BGR 0–255 input, so their conv1_1 kernels are
///    expected to be far smaller (~50×) than ones trained on normalised input, whose RMS is ~0.1–0.5.
///    An RMS below <see cref="CaffeWeightRmsThreshold"/> says caffe; anything else stays unknown rather
///    than guessing torchvision.
/// </summary>
internal static class PresetDetector
{
    public const string CaffeTag = "d01eb7cb";
    public const string TorchvisionTag = "dcbb9e9d";

    /// <summary>RMS of conv1_1 weights below which the file is taken for a 0–255-input (caffe) model.</summary>
    public const double CaffeWeightRmsThreshold = 0.02;

    public static PreprocessHint Detect(string? name, IReadOnlyDictionary<string, string>? metadata, ConvWeights firstConv)
    {
        if (metadata is not null && metadata.TryGetValue("preset", out var preset)
            && Enum.TryParse<PreprocessHint>(preset, ignoreCase: true, out var recorded) && recorded != PreprocessHint.Unknown)
        {
            return recorded;
        }

        foreach (string? text in new[] { name, metadata?.GetValueOrDefault("source") })
        {
            if (text is null)
            {
                continue;
            }

            if (text.Contains(CaffeTag, StringComparison.OrdinalIgnoreCase))
            {
                return PreprocessHint.Caffe;
            }

            if (text.Contains(TorchvisionTag, StringComparison.OrdinalIgnoreCase))
            {
                return PreprocessHint.Torchvision;
            }
        }

        return FirstConvRms(firstConv) < CaffeWeightRmsThreshold ? PreprocessHint.Caffe : PreprocessHint.Unknown;
    }

    public static double FirstConvRms(ConvWeights conv)
    {
        double sum = 0;
        foreach (float w in conv.Weight)
        {
            sum += (double)w * w;
        }

        return Math.Sqrt(sum / Math.Max(1, conv.Weight.Length));
    }
}
