using Azure.Storage.Blobs.Models;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Api;

/// <summary>The names in the style library (<c>styles/{name}.jpg|png|webp</c>), for the page's form.</summary>
public static class StyleCatalog
{
    public static async Task<IReadOnlyList<StyleEntry>> ListAsync(PipelineStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var styles = new SortedDictionary<string, StyleEntry>(StringComparer.Ordinal);
        await foreach (BlobItem blob in storage.Container(PipelineNames.StylesContainer).GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string name = Path.GetFileNameWithoutExtension(blob.Name);
            // One entry per name, however many of its formats exist.
            if (!blob.Name.Contains('/', StringComparison.Ordinal) && ImageFiles.HasImageExtension(blob.Name) && StyleLibrary.IsValidName(name))
            {
                styles.TryAdd(name, new StyleEntry(name));
            }
        }

        return [.. styles.Values];
    }
}
