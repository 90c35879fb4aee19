using Nst.Engine.Tensors;

namespace Nst.Engine.Nn;

/// <summary>
/// The losses' side of <see cref="Vgg19Network.Backward"/>: dL/d(output of op) for the ops a loss reads, written
/// straight into the network's gradient buffer when the backward pass reaches that op, so no per-layer gradient
/// map has to be kept alive across the pass.
/// </summary>
public interface IFeatureGradients
{
    /// <summary>Whether any loss reads the output of <paramref name="op"/>.</summary>
    bool Has(int op);

    /// <summary>
    /// Writes (or, with <paramref name="accumulate"/>, adds) dL/dF into <paramref name="grad"/>, where
    /// <paramref name="features"/> is the op's output from the last Forward and has the same shape as <paramref name="grad"/>.
    /// </summary>
    void Apply(int op, Tensor features, Tensor grad, bool accumulate);
}
