namespace Nst.Cli.Api;

/// <summary>
/// What <c>nst submit</c> sends as one multipart form: the content photo, style images and/or style-library names,
/// and option fields keyed as the server's nst_* metadata without the prefix (iterations, size, optimizer, …).
/// </summary>
internal sealed class JobSubmitRequest
{
    public required string ContentPath { get; init; }

    /// <summary>Style images uploaded with the job (form field <c>style</c>).</summary>
    public IReadOnlyList<string> StyleFiles { get; init; } = [];

    /// <summary>Names in the server's style library (form field <c>styleName</c>).</summary>
    public IReadOnlyList<string> StyleNames { get; init; } = [];

    /// <summary>Option fields in order; a later key overrides an earlier one on the server.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];
}
