using Azure.Core;

namespace Nst.Functions.Storage;

/// <summary>
/// Options for the storage clients: service version, retries (<see cref="ClientOptions.Retry"/>: defaults 3 retries,
/// 0.8 s base delay doubling per attempt, 1 min cap), the clock, transfers and queue message encoding.
/// Set <see cref="ClientOptions.Transport"/> to a fake in tests.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>Storage REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2024-05-04: accepted by Azure and by Azurite 3.37 (whose newest is 2026-06-06).</summary>
        V2024_05_04 = 1,
    }

    /// <summary>The version every request is pinned to unless another is asked for.</summary>
    public const ServiceVersion LatestVersion = ServiceVersion.V2024_05_04;

    public StorageClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2024_05_04 => "2024-05-04",
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown storage service version."),
        };
    }

    /// <summary>The <c>x-ms-version</c> header value.</summary>
    public string Version { get; }

    /// <summary>Clock for <c>x-ms-date</c> and retry delays. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Block sizes and concurrency of large uploads.</summary>
    public StorageTransferOptions Transfer { get; set; } = new();

    /// <summary>How queue message bodies are written. Default: base64, as the Azure SDK and Functions expect.</summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}
