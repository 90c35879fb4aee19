namespace Nst.Functions.Webhooks;

/// <summary>The Standard Webhooks header names (https://www.standardwebhooks.com/).</summary>
public static class WebhookHeaders
{
    /// <summary>The message id: the same on every retry, so receivers can drop duplicates.</summary>
    public const string Id = "webhook-id";

    /// <summary>Unix seconds of this attempt; signed, so receivers can refuse stale replays.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>Space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> signatures.</summary>
    public const string Signature = "webhook-signature";
}
