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

    /// <summary>An input blob named by the job does not exist.</summary>
    public const string InputNotFound = "input_not_found";

    /// <summary>The run itself refused its inputs (an NstException while running).</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>A chunk kept failing until the attempt limit.</summary>
    public const string ChunkFailed = "chunk_failed";
}
