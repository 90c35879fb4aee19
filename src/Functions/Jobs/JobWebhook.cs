namespace Nst.Functions.Jobs;

/// <summary>The job's own webhook URL; null means the app's default (<c>Nst:Webhook:Url</c>), if any.</summary>
public sealed record JobWebhook
{
    public string? Url { get; init; }
}
