namespace Nst.Functions.Jobs;

/// <summary>The loss parts at the last committed iteration.</summary>
public sealed record JobLosses
{
    public double Content { get; init; }

    public double Style { get; init; }

    public double Tv { get; init; }

    public double Total { get; init; }
}
