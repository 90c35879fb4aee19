namespace Nst.Functions.Jobs;

/// <summary>One point of the loss curve.</summary>
public sealed record JobHistoryPoint(int Iteration, double Total);
