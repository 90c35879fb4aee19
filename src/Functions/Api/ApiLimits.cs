namespace Nst.Functions.Api;

/// <summary>Limits of the HTTP API, from configuration section "Nst".</summary>
public sealed record ApiLimits
{
    /// <summary>Largest accepted request body of a submission (<c>Nst:MaxUploadBytes</c>). Default 100 MB.</summary>
    public long MaxUploadBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Default and largest page of <c>GET /api/jobs</c>.</summary>
    public const int DefaultListLimit = 20;

    public const int MaxListLimit = 100;

    public static ApiLimits From(IConfiguration configuration)
    {
        long? bytes = configuration.GetValue<long?>("Nst:MaxUploadBytes");
        if (bytes is <= 0)
        {
            throw new InvalidOperationException($"Nst:MaxUploadBytes must be positive, got {bytes}.");
        }

        return bytes is long b ? new ApiLimits { MaxUploadBytes = b } : new ApiLimits();
    }
}
