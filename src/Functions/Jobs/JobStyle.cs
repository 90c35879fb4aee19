namespace Nst.Functions.Jobs;

/// <summary>One style image of a job: its library name (if any), the blob read ("container/name") and its blend weight.</summary>
public sealed record JobStyle
{
    public string? Name { get; init; }

    public required string Blob { get; init; }

    public double Weight { get; init; } = 1.0;
}
