namespace Nst.Functions.Pipeline;

/// <summary>Webhooks, bound from <c>Nst:Webhook</c>.</summary>
public sealed class WebhookSettings
{
    /// <summary>Default webhook for every job (a job may name its own). The operator's URL is trusted: no address check.</summary>
    public string? Url { get; set; }

    /// <summary>Standard Webhooks secret: <c>whsec_</c> + base64 of the key bytes. Without it webhooks go unsigned.</summary>
    public string? Secret { get; set; }

    /// <summary>Allow per-job webhook URLs that resolve to loopback, private or link-local addresses. Default false.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Delivery attempts before the webhook is recorded as failed. Default 20 (about two hours with the backoff).</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>Delay after the first failed attempt; it doubles after each further one. Default 5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between attempts. Default 10 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed for one attempt (connect, send, answer). Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
