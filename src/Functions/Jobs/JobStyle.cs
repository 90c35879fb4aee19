namespace Nst.Functions.Jobs;

/// <summary>One style image of a job: its library name or uploaded file name, the private copy read, and its blend weight.</summary>
public sealed record JobStyle
{
    /// <summary>The style library name, for a library style.</summary>
    public string? Name { get; init; }

    /// <summary>The uploaded file's name, for a style sent with the job.</summary>
    public string? FileName { get; init; }

    /// <summary>The copy the job reads, "jobs/{id}/input/style-0.png".</summary>
    public string Blob { get; init; } = "";

    public double Weight { get; init; } = 1.0;

    /// <summary>What to call it for people.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Display => Name ?? FileName ?? "uploaded style";
}
