namespace Nst.Cli.Api;

/// <summary>A job's progress as the server reports it: where the optimisation stands and its latest losses.</summary>
internal sealed class JobProgressView
{
    public int Chunk { get; init; }

    public int Scale { get; init; }

    public int Scales { get; init; }

    public int Iteration { get; init; }

    public int Iterations { get; init; }

    public JobLossesView? Losses { get; init; }
}
