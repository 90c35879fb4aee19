namespace Nst.Functions.Webhooks;

/// <summary>
/// How <see cref="DeliverWebhook"/> sends and backs off. Bound from section <c>Nst:Webhook</c> beside
/// <see cref="Pipeline.WebhookSettings"/> (e.g. <c>Nst__Webhook__InitialBackoff=00:00:05</c>).
/// </summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Delay before the second attempt; each later one doubles it. Default 5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between attempts. Default 10 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed for one attempt (connect, send, answer). Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the failed attempt number <paramref name="attempt"/> (1-based): 5 s, 10 s, 20 s … capped.</summary>
    public TimeSpan BackoffAfter(long attempt)
    {
        if (attempt < 1 || InitialBackoff <= TimeSpan.Zero)
        {
            return InitialBackoff < TimeSpan.Zero ? TimeSpan.Zero : InitialBackoff;
        }

        // Doubling past 2^30 overflows long before any sane cap; the cap wins anyway.
        double factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        double ticks = Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
