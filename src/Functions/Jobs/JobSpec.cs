namespace Nst.Functions.Jobs;

/// <summary>
/// What a job is, fixed before it runs: its inputs (private copies under <c>jobs/{id}/input/</c>), options, where the
/// result goes and whom to tell. Travels in the job's orchestration input; never holds a secret.
/// </summary>
public sealed record JobSpec
{
    public string Id { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public JobSource Source { get; init; } = new();

    /// <summary>The content image's own file name, for people ("photo.jpg").</summary>
    public string? ContentName { get; init; }

    /// <summary>The private copy of the content image, "jobs/{id}/input/content.jpg" (null when a drop failed before it had one).</summary>
    public string? Content { get; init; }

    public IReadOnlyList<JobStyle> Styles { get; init; } = [];

    /// <summary>Where the result goes, "outbox/…".</summary>
    public string? Output { get; init; }

    /// <summary>The JSON report beside the result, "outbox/….json".</summary>
    public string? Report { get; init; }

    /// <summary>Who may overwrite <see cref="Output"/>: the same drop path or manifest re-uploaded, or this job alone.</summary>
    public string? OutputOwner { get; init; }

    /// <summary>Every job option's value by its canonical name (<see cref="JobOptions.Describe"/>): what the job runs with.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = JobOptions.DefaultsDescribed;

    /// <summary>The job's own webhook (checked, no credentials); null means the operator's default, if any.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The weights spec the job runs with (<c>Nst:Model</c> when it was created).</summary>
    public string Model { get; init; } = "random:0";
}
