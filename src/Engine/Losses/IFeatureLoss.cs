using Nst.Engine.Tensors;

namespace Nst.Engine.Losses;

/// <summary>A loss on one layer's features: its value in the forward pass, its gradient when the backward pass reaches the layer.</summary>
internal interface IFeatureLoss
{
    int Layer { get; }

    float Weight { get; }

    /// <summary>Writes (or, with <paramref name="accumulate"/>, adds) dL/dF at the features of the last evaluation into <paramref name="grad"/>.</summary>
    void Gradient(Tensor features, Tensor grad, bool accumulate);
}
