using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;

namespace Nst.Engine.Session;

/// <summary>
/// SHA-256 of everything that decides a run's trajectory: the options (all but the iteration counts, so a finished
/// run can be extended, and which iterate is kept when that changes nothing), the pixels of every input and the network's weights. A checkpoint resumes only a run
/// with the same fingerprint.
/// </summary>
internal static class RunFingerprint
{
    // Hashing ~80 MB of weights costs a fraction of a second; a worker that runs many chunks with the same
    // model keeps the digest beside the weights it already caches.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConvWeights, byte[]> s_weightDigests = new();

    public static string Compute(StyleTransferOptions o, Nn.Preprocess preprocess, IReadOnlyList<ConvWeights> convs, RgbImage content, IReadOnlyList<RgbImage> styles)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var inv = CultureInfo.InvariantCulture;
        string text = string.Join('|',
            "nst-run-v1",
            o.Size.ToString(inv),
            string.Join(',', Enumerable.Range(0, o.ScaleCount).Select(s => o.LongSideAt(s, Math.Max(content.Width, content.Height)).ToString(inv))),
            string.Join(',', o.ContentLayers),
            string.Join(',', o.StyleLayers),
            string.Join(',', o.StyleLayerWeights.Select(w => w.ToString("R", inv))),
            o.ResolvedContentWeight(preprocess).ToString("R", inv),
            o.ResolvedStyleWeight(preprocess).ToString("R", inv),
            o.ResolvedTvWeight(preprocess).ToString("R", inv),
            o.Init.ToString(),
            o.Seed.ToString(inv),
            o.Optimizer.ToString(),
            o.ResolvedLearningRate.ToString("R", inv),
            o.StrongWolfe.ToString(),
            o.LbfgsHistory.ToString(inv),
            o.Pooling.ToString(),
            preprocess.ToString(),
            string.Join(',', o.StyleBlend.Select(w => w.ToString("R", inv))),
            o.StyleScale.ToString("R", inv),
            o.PreserveColors.ToString(),
            o.TvPower.ToString("R", inv),
            o.NormalizeGradients.ToString());
        // Which iterate a scale hands to the next changes the trajectory only with several scales; keeping the best is
        // newer than the fingerprint, so it alone adds a field (older multi-scale checkpoints kept the final one).
        if (o.Keep == KeepIterate.Best && o.ScaleCount > 1) text += "|keep-best";
        h.AppendData(Encoding.UTF8.GetBytes(text));
        AppendImage(h, content);
        foreach (var s in styles) AppendImage(h, s);
        foreach (var c in convs)
        {
            h.AppendData(s_weightDigests.GetValue(c, Digest));
        }

        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    private static byte[] Digest(ConvWeights c)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(MemoryMarshal.AsBytes(c.Weight.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(c.Bias.AsSpan()));
        return h.GetHashAndReset();
    }

    private static void AppendImage(IncrementalHash h, RgbImage image)
    {
        h.AppendData(BitConverter.GetBytes(image.Width));
        h.AppendData(BitConverter.GetBytes(image.Height));
        h.AppendData(MemoryMarshal.AsBytes(image.Pixels.AsSpan()));
    }
}
