using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>Where <see cref="InboxScanner"/> looks and where it writes (resolved, prefixed names).</summary>
public sealed record InboxScannerOptions
{
    /// <summary>The inbox container to list.</summary>
    public required string InboxContainer { get; init; }

    /// <summary>The container holding the scanner's markers (<c>scanner/{sha256}</c>), normally <c>jobs</c>.</summary>
    public required string MarkerContainer { get; init; }

    /// <summary>The account's blob endpoint and name, for the events' <c>url</c> and <c>topic</c>.</summary>
    public required Uri BlobEndpoint { get; init; }

    public string AccountName { get; init; } = StorageConnection.DevelopmentAccountName;

    /// <summary>Time between scans. Default 2 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Marker blob name prefix inside <see cref="MarkerContainer"/>. Default <c>scanner/</c>.</summary>
    public string MarkerPrefix { get; init; } = "scanner/";
}
