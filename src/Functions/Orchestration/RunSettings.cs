using Nst.Functions.Pipeline;

namespace Nst.Functions.Orchestration;

/// <summary>How a job's orchestration runs, fixed in its input when it is scheduled (an orchestrator reads no configuration).</summary>
public sealed record RunSettings
{
    /// <summary>Seconds of optimisation each chunk aims at.</summary>
    public double ChunkSeconds { get; init; } = 30;

    /// <summary>Iterations of the first chunk, which measures the speed the later ones are sized by.</summary>
    public int FirstChunkIterations { get; init; } = 3;

    /// <summary>Upper bound on one chunk, whatever the measured speed.</summary>
    public int MaxChunkIterations { get; init; } = 10_000;

    public int MaxChunkAttempts { get; init; } = 5;

    /// <summary>Delay before a failed chunk's second attempt; it doubles after each further one, up to 2 minutes.</summary>
    public TimeSpan ChunkRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts at making a drop into a job and at writing the result (storage faults), with backoff from <see cref="StorageRetryInterval"/>.</summary>
    public int StorageAttempts { get; init; } = 5;

    public TimeSpan StorageRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Chunks per orchestration generation before <c>ContinueAsNew</c> starts a fresh history.</summary>
    public int ChunksPerGeneration { get; init; } = 8;

    /// <summary>The operator's webhook, used when the job names none.</summary>
    public string? DefaultWebhookUrl { get; init; }

    public int WebhookMaxAttempts { get; init; } = 20;

    public TimeSpan WebhookInitialBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WebhookMaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    public static RunSettings From(NstSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RunSettings
        {
            ChunkSeconds = settings.ChunkSeconds,
            MaxChunkAttempts = settings.MaxChunkAttempts,
            DefaultWebhookUrl = string.IsNullOrWhiteSpace(settings.Webhook.Url) ? null : settings.Webhook.Url.Trim(),
            WebhookMaxAttempts = settings.Webhook.MaxAttempts,
            WebhookInitialBackoff = settings.Webhook.InitialBackoff,
            WebhookMaxBackoff = settings.Webhook.MaxBackoff,
        };
    }

    /// <summary>The delay after failed webhook attempt number <paramref name="attempt"/> (1-based): 5 s, 10 s, 20 s … capped.</summary>
    public TimeSpan WebhookBackoffAfter(int attempt)
    {
        double factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(WebhookInitialBackoff.Ticks * factor, WebhookMaxBackoff.Ticks));
    }
}
