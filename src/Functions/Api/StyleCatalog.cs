using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Api;

/// <summary>The names in the style library (<c>styles/{name}.jpg|png|webp</c>), for the page's form.</summary>
public static class StyleCatalog
{
    public static async Task<IReadOnlyList<StyleEntry>> ListAsync(PipelineResources resources, CancellationToken cancellationToken)
    {
        var styles = new SortedDictionary<string, StyleEntry>(StringComparer.Ordinal);
        await foreach (var blob in resources.Blobs.ListBlobsAsync(resources.Container(PipelineNames.StylesContainer), cancellationToken: cancellationToken))
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
