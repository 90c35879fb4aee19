using Nst.Engine.Nn;

namespace Nst.Engine.Losses;

/// <summary>The layers and weights of the Gatys objective (resolved layer indices, see <see cref="Vgg19Layout"/>).</summary>
/// <param name="TvPower">β of the TV term Σ(dx² + dy²)^β; 1 is the plain squared TV.</param>
/// <param name="NormalizeGradients">neural-style-pt's fix: each loss's gradient at its layer is scaled to unit L2 norm, times its weight squared.</param>
public sealed record ObjectiveSpec(
    IReadOnlyList<int> ContentLayers,
    IReadOnlyList<int> StyleLayers,
    IReadOnlyList<float> StyleLayerWeights,
    float ContentWeight,
    float StyleWeight,
    float TvWeight,
    Preprocess Preprocess,
    PoolingMode Pooling,
    float TvPower = 1f,
    bool NormalizeGradients = false);
