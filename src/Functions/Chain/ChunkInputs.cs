using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Models;
using Nst.Engine.Session;

namespace Nst.Functions.Chain;

/// <summary>Everything a chunk computes from, already downloaded and decoded.</summary>
public sealed record ChunkInputs(
    StyleTransferOptions Options,
    Vgg19Weights Weights,
    RgbImage Content,
    IReadOnlyList<RgbImage> Styles,
    Checkpoint? Checkpoint,
    ImageFormat OutputFormat);
