namespace Nst.Functions.Jobs;

/// <summary>The codes of <see cref="JobError"/>.</summary>
public static class JobErrorCodes
{
    /// <summary>The drop's style is not in the style library.</summary>
    public const string UnknownStyle = "unknown_style";

    /// <summary>An option value (metadata, style JSON, manifest or form field) is not valid.</summary>
    public const string InvalidOptions = "invalid_options";

    /// <summary>A manifest is not valid JSON or misses what it needs.</summary>
    public const string InvalidManifest = "invalid_manifest";

    /// <summary>An input image is corrupt, unsupported or too large.</summary>
    public const string InvalidImage = "invalid_image";

    /// <summary>An input blob named by the job does not exist (or was replaced by a newer upload).</summary>
    public const string InputNotFound = "input_not_found";

    /// <summary>A webhook URL was refused (not http(s), credentials in it, or a private address).</summary>
    public const string InvalidWebhook = "invalid_webhook";

    /// <summary>The result's name belongs to another job's output.</summary>
    public const string OutputExists = "output_exists";

    /// <summary>The run itself refused its inputs (a user error found while running).</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>The loss stopped being finite: the options make the optimisation diverge.</summary>
    public const string Diverged = "diverged";

    /// <summary>A chunk kept failing until the attempt limit.</summary>
    public const string ChunkFailed = "chunk_failed";

    /// <summary>Making the job from its upload kept failing (storage) until the attempt limit.</summary>
    public const string PrepareFailed = "prepare_failed";

    /// <summary>Writing the result kept failing until the attempt limit.</summary>
    public const string FinishFailed = "finish_failed";

    /// <summary>The orchestration itself failed or was terminated by an operator.</summary>
    public const string OrchestrationFailed = "orchestration_failed";
}
