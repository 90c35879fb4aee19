using Azure.Storage.Blobs;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>
/// The pipeline's containers (<see cref="PipelineNames"/>), each name carrying <see cref="NstSettings.NamePrefix"/>,
/// so tests — or pipelines — sharing an account never see each other's blobs. Everyone resolves names here.
/// </summary>
public sealed class PipelineStorage
{
    public PipelineStorage(BlobServiceClient service, string? namePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
        Prefix = ValidatePrefix(namePrefix ?? string.Empty);
    }

    public BlobServiceClient Service { get; }

    public string Prefix { get; }

    /// <summary>The container behind a logical name such as <see cref="PipelineNames.InboxContainer"/>.</summary>
    public BlobContainerClient Container(string logicalName) => Service.GetBlobContainerClient(Prefix + logicalName);

    /// <summary>A blob named "container/name" with its logical container.</summary>
    public BlobClient Blob(BlobPath path) => Container(path.Container).GetBlobClient(path.Name);

    /// <summary>The logical name of a real container, or null if it is not one of this pipeline's.</summary>
    public string? LogicalContainer(string realName) =>
        realName.StartsWith(Prefix, StringComparison.Ordinal) && PipelineNames.Containers.Contains(realName[Prefix.Length..])
            ? realName[Prefix.Length..]
            : null;

    /// <summary>Creates every container that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (string container in PipelineNames.Containers)
        {
            await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ValidatePrefix(string prefix) =>
        prefix.Length <= 20 && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            ? prefix
            : throw new ArgumentException($"Nst:NamePrefix '{prefix}' must be at most 20 lower-case letters and digits.", nameof(prefix));
}
