namespace Nst.Cli.Api;

/// <summary>The latest loss terms of a job (null before its first chunk commits).</summary>
internal sealed class JobLossesView
{
    public double? Content { get; init; }

    public double? Style { get; init; }

    public double? Tv { get; init; }

    public double? Total { get; init; }
}
