namespace Nst.Functions.Jobs;

/// <summary>How the job's webhook went: where (credentials never kept), which event, how many attempts and the last error.</summary>
public sealed record JobWebhookState
{
    public string Url { get; init; } = "";

    /// <summary>The Standard Webhooks id, the same on every attempt: <c>msg_{jobId}_{event}</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary><c>nst.job.succeeded</c>, <c>nst.job.failed</c> or <c>nst.job.cancelled</c>.</summary>
    public string Event { get; init; } = "";

    /// <summary><c>pending</c> (retrying), <c>delivered</c>, <c>failed</c> (attempts exhausted) or <c>refused</c> (address policy).</summary>
    public string State { get; init; } = WebhookStates.Pending;

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>The values of <see cref="JobWebhookState.State"/>.</summary>
public static class WebhookStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Refused = "refused";
}
