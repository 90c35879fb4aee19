namespace Nst.Engine.Optim;

/// <summary>
/// Evaluates the loss at <paramref name="x"/> and writes dLoss/dx into <paramref name="gradient"/>
/// (same length as x). Returns the loss.
/// </summary>
public delegate float Objective(ReadOnlySpan<float> x, Span<float> gradient);
