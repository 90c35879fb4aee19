namespace Nst.Functions.Jobs;

/// <summary>Failed attempts at the current chunk (the host retries a chunk until the attempt limit).</summary>
public sealed record JobAttempts
{
    public int Chunk { get; init; }

    public int Failures { get; init; }
}
