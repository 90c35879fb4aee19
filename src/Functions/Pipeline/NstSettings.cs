namespace Nst.Functions.Pipeline;

/// <summary>
/// The app's settings, bound from configuration section "Nst" — environment variables <c>Nst__ChunkSeconds</c>
/// and so on, or local.settings.json's Values. The Bicep app settings use the same names.
/// </summary>
public sealed class NstSettings
{
    public const string SectionName = "Nst";

    /// <summary>VGG19 weights: a file path, a blob in the models container (<c>models/vgg19.safetensors</c>), or <c>random:SEED</c>. Default random:0.</summary>
    public string Model { get; set; } = "random:0";

    /// <summary>Time budget of one chunk in seconds; must stay well inside the host's function timeout. Default 60.</summary>
    public double ChunkSeconds { get; set; } = 60;

    /// <summary>Largest image accepted, in pixels. Default 40 megapixels.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>When set, the HTTP API requires this key (header <c>x-api-key</c>).</summary>
    public string? ApiKey { get; set; }

    public WebhookSettings Webhook { get; set; } = new();

    /// <summary>
    /// Prepended to every container and queue name (lower-case letters and digits, at most 20), so several
    /// pipelines — or tests — can share one storage account. Default empty (Azure uses the plain names).
    /// </summary>
    public string NamePrefix { get; set; } = string.Empty;

    /// <summary>Attempts at one chunk before the job fails with <c>chunk_failed</c>; host.json's maxDequeueCount. Default 5.</summary>
    public int MaxChunkAttempts { get; set; } = 5;

    /// <summary>Lease on a job while a chunk runs, in seconds (15–60), renewed in the background. Default 60.</summary>
    public int LeaseSeconds { get; set; } = 60;
}

public sealed class WebhookSettings
{
    /// <summary>Default webhook for every job (a job may name its own).</summary>
    public string? Url { get; set; }

    /// <summary>Standard Webhooks secret: <c>whsec_</c> + base64 of the key bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>Allow per-job webhook URLs that resolve to loopback, private or link-local addresses. Default false.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
