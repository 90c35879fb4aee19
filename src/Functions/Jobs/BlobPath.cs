namespace Nst.Functions.Jobs;

/// <summary>A blob named "container/name" with its logical (unprefixed) container, as job.json writes references.</summary>
public readonly record struct BlobPath(string Container, string Name)
{
    /// <summary>Parses "container/name"; throws a <see cref="FormatException"/> for anything else.</summary>
    public static BlobPath Parse(string path) =>
        TryParse(path, out BlobPath parsed) ? parsed : throw new FormatException($"'{path}' is not a blob path of the form container/name.");

    public static bool TryParse(string? path, out BlobPath parsed)
    {
        parsed = default;
        int slash = path?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (path is null || slash <= 0 || slash == path.Length - 1)
        {
            return false;
        }

        parsed = new BlobPath(path[..slash], path[(slash + 1)..]);
        return true;
    }

    public override string ToString() => $"{Container}/{Name}";
}
