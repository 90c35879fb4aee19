using Nst.Engine.Nn;

namespace Nst.Engine.Losses;

/// <summary>The layers and weights of the Gatys objective (resolved layer indices, see <see cref="Vgg19Layout"/>).</summary>
public sealed record ObjectiveSpec(
    IReadOnlyList<int> ContentLayers,
    IReadOnlyList<int> StyleLayers,
    IReadOnlyList<float> StyleLayerWeights,
    float ContentWeight,
    float StyleWeight,
    float TvWeight,
    Preprocess Preprocess,
    PoolingMode Pooling);
