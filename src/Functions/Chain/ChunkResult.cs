using Nst.Engine.Session;

namespace Nst.Functions.Chain;

/// <summary>What one chunk of work produced: its iterations and either a checkpoint (more to do) or the result image.</summary>
public sealed record ChunkResult
{
    public required IReadOnlyList<IterationReport> Reports { get; init; }

    public required int Iteration { get; init; }

    public required int TotalIterations { get; init; }

    public required int Scale { get; init; }

    public required int ScaleCount { get; init; }

    public required bool IsComplete { get; init; }

    public required string Fingerprint { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>The exported state when the run is not complete.</summary>
    public byte[]? Checkpoint { get; init; }

    /// <summary>The encoded result when the run is complete.</summary>
    public byte[]? Output { get; init; }

    public required byte[] Preview { get; init; }

    public required double RunSeconds { get; init; }
}
