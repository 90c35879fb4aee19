namespace Nst.Functions.Jobs;

/// <summary>
/// A job asked for through the API: the content image, one or more styles, options keyed like the <c>nst_*</c>
/// metadata without the prefix (<c>iterations</c>, <c>style_weight</c>, …) and an optional webhook URL.
/// </summary>
public sealed record JobSubmission
{
    public required BinaryData Content { get; init; }

    /// <summary>The uploaded file's name; its extension picks the result's format (else the content's own format).</summary>
    public required string ContentFileName { get; init; }

    public IReadOnlyList<JobStyleInput> Styles { get; init; } = [];

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public string? WebhookUrl { get; init; }
}
