using Azure;
using Azure.Storage.Blobs.Models;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// Every blob of one pipeline — styles, inbox, outbox, jobs, models — by "container/name" with its ETag and length,
/// so a case can take one before and one after and assert that nothing changed outside the places it may write.
/// </summary>
public sealed class BlobInventory
{
    private BlobInventory(IReadOnlyDictionary<string, (ETag ETag, long Length)> blobs) => Blobs = blobs;

    public IReadOnlyDictionary<string, (ETag ETag, long Length)> Blobs { get; }

    public static async Task<BlobInventory> TakeAsync(PipelineStorage storage)
    {
        var blobs = new Dictionary<string, (ETag, long)>(StringComparer.Ordinal);
        foreach (string container in PipelineNames.Containers)
        {
            try
            {
                await foreach (BlobItem blob in storage.Container(container).GetBlobsAsync())
                {
                    blobs[$"{container}/{blob.Name}"] = (blob.Properties.ETag ?? default, blob.Properties.ContentLength ?? -1);
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A container not made yet holds nothing.
            }
        }

        return new BlobInventory(blobs);
    }

    /// <summary>What changed since <paramref name="before"/>: "+ path" (new), "- path" (gone), "~ path" (rewritten), sorted.</summary>
    public IReadOnlyList<string> ChangesSince(BlobInventory before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<string>();
        foreach (var (path, now) in Blobs)
        {
            if (!before.Blobs.TryGetValue(path, out var then))
            {
                changes.Add("+ " + path);
            }
            else if (then != now)
            {
                changes.Add("~ " + path);
            }
        }

        changes.AddRange(before.Blobs.Keys.Where(path => !Blobs.ContainsKey(path)).Select(path => "- " + path));
        changes.Sort(StringComparer.Ordinal);
        return changes;
    }

    /// <summary>
    /// Asserts every change since <paramref name="before"/> is inside one of <paramref name="allowed"/>: an exact
    /// "container/name", or a folder "container/prefix/" (ending in '/'). Nothing allowed means nothing may change.
    /// </summary>
    public void AssertChangedOnly(BlobInventory before, params string[] allowed)
    {
        var outside = ChangesSince(before).Where(change => !allowed.Any(place => Inside(change[2..], place))).ToList();
        Assert.True(outside.Count == 0,
            $"Written outside [{string.Join(", ", allowed)}]:\n  {string.Join("\n  ", outside)}");
    }

    /// <summary>The paths under <paramref name="folder"/> ("container/prefix/") that are new since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> AddedUnder(BlobInventory before, string folder) =>
        Blobs.Keys.Where(path => !before.Blobs.ContainsKey(path) && path.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private static bool Inside(string path, string place) =>
        place.EndsWith('/') ? path.StartsWith(place, StringComparison.Ordinal) : path == place;
}
