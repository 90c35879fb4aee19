using Nst.Engine.Losses;

namespace Nst.Engine.Session;

/// <summary>Progress after one iteration: the losses evaluated at the image the iteration started from.</summary>
public sealed record IterationReport(
    int Iteration,
    int TotalIterations,
    int Scale,
    int Width,
    int Height,
    LossBreakdown Loss,
    double SecondsPerIteration);
