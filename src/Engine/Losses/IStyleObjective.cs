namespace Nst.Engine.Losses;

/// <summary>
/// The seam between the optimizer and a compute device: the whole Gatys objective at x — forward through VGG19 to
/// the deepest layer a loss reads, the losses, and the gradient with respect to the image. x and the gradient are
/// host arrays, so the optimizers and the checkpoint format stay one implementation for every device.
/// </summary>
public interface IStyleObjective : IDisposable
{
    /// <summary>Number of floats in x: 3·H·W.</summary>
    int Length { get; }

    /// <summary>The parts of the loss at the last evaluation.</summary>
    LossBreakdown Last { get; }

    /// <summary>Returns the total loss at x and writes dLoss/dx into <paramref name="grad"/>.</summary>
    float Evaluate(ReadOnlySpan<float> x, Span<float> grad);
}
