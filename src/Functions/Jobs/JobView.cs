namespace Nst.Functions.Jobs;

/// <summary>
/// A job as the API and the page show it: its spec and state flattened into one object, camelCase. <see cref="Status"/>
/// is a <see cref="JobStatus"/> in lower case, or <c>unreadable</c> for a record that could not be read (shown, not
/// hidden, so one bad record never breaks a list).
/// </summary>
public sealed record JobView
{
    public const string Unreadable = "unreadable";

    public string Id { get; init; } = "";

    public string Status { get; init; } = "queued";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public JobSource Source { get; init; } = new();

    public string? ContentName { get; init; }

    public IReadOnlyList<JobStyle> Styles { get; init; } = [];

    public string? Output { get; init; }

    public string? Report { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public string? Model { get; init; }

    public JobProgress Progress { get; init; } = new();

    public bool CancelRequested { get; init; }

    public JobError? Error { get; init; }

    public JobWebhookState? Webhook { get; init; }

    public JobTimings Timings { get; init; } = new();

    public static JobView From(string id, DateTimeOffset createdAt, JobSpec? spec, JobState state) => new()
    {
        Id = id,
        Status = state.Status.ToString().ToLowerInvariant(),
        CreatedAt = spec?.CreatedAt is { } c && c != default ? c : createdAt,
        UpdatedAt = state.UpdatedAt,
        StartedAt = state.StartedAt,
        FinishedAt = state.FinishedAt,
        Source = spec?.Source ?? new JobSource(),
        ContentName = spec?.ContentName,
        Styles = spec?.Styles ?? [],
        Output = spec?.Output,
        Report = spec?.Report,
        Options = spec?.Options,
        Model = spec?.Model,
        Progress = state.Progress,
        CancelRequested = state.CancelRequested,
        Error = state.Error,
        Webhook = state.Webhook is { } hook ? hook with { Url = WithoutCredentials(hook.Url) } : null,
        Timings = state.Timings,
    };

    // The operator's own webhook URL may carry credentials (a job's own never does): they are not shown.
    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri
            : url;
}
