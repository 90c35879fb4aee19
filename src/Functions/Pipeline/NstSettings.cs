namespace Nst.Functions.Pipeline;

/// <summary>
/// The app's settings, bound from configuration section "Nst" — environment variables <c>Nst__ChunkSeconds</c> and so
/// on, or local.settings.json's Values. The Bicep app settings use the same names (a test checks both ways).
/// </summary>
public sealed class NstSettings
{
    public const string SectionName = "Nst";

    /// <summary>VGG19 weights: a file path, a blob in the models container (<c>models/vgg19.safetensors</c>), or <c>random:SEED</c>. Default random:0.</summary>
    public string Model { get; set; } = "random:0";

    /// <summary>
    /// Under the Azure Functions host the app refuses to start with the random-feature model (<c>random:SEED</c>), which
    /// gives poor images, unless this is true. The local host always allows it. Default false.
    /// </summary>
    public bool AllowRandomModel { get; set; }

    /// <summary>Seconds of computation each chunk aims at; must stay well inside the host's function timeout. Default 30.</summary>
    public double ChunkSeconds { get; set; } = 30;

    /// <summary>Attempts at one chunk (with backoff) before the job fails with <c>chunk_failed</c>. Default 5.</summary>
    public int MaxChunkAttempts { get; set; } = 5;

    /// <summary>Largest image accepted, in pixels. Default 40 megapixels.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Largest output a job may ask for: its long side in pixels. Default 4096.</summary>
    public int MaxSize { get; set; } = 4096;

    /// <summary>Most iterations a job may ask for, per scale and in total. Default 30,000.</summary>
    public int MaxIterations { get; set; } = 30_000;

    /// <summary>The option limits these settings make.</summary>
    public Nst.Engine.Session.Options.OptionLimits Limits() => new() { MaxSize = MaxSize, MaxIterations = MaxIterations };

    /// <summary>Largest request body of an API submission, in bytes. Default 100 MB.</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>When set, the HTTP API requires this key (header <c>x-api-key</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>auto</c> (CUDA when a device is present). Default auto.</summary>
    public string Device { get; set; } = "auto";

    public WebhookSettings Webhook { get; set; } = new();

    /// <summary>
    /// Prepended to every container name (lower-case letters and digits, at most 20), so several pipelines — or
    /// tests — can share one storage account. Default empty (Azure uses the plain names). Not a deployment setting.
    /// </summary>
    public string NamePrefix { get; set; } = string.Empty;
}
