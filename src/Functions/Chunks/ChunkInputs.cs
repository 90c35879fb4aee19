using Nst.Engine.Imaging;
using Nst.Engine.Models;
using Nst.Engine.Session;

namespace Nst.Functions.Chunks;

/// <summary>Everything a job's session is built from, downloaded and decoded, and the bytes that took.</summary>
public sealed record ChunkInputs(
    StyleTransferOptions Options,
    Vgg19Weights Weights,
    RgbImage Content,
    IReadOnlyList<RgbImage> Styles,
    ImageFormat OutputFormat,
    long BytesRead);
