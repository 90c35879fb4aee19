namespace Nst.Functions.Jobs;

/// <summary>
/// A blob named "container/name" with its logical (unprefixed) container — the one rule for every path a user can
/// name (drops, manifests, the API, styles): no empty, <c>.</c> or <c>..</c> segments, no backslashes, no control
/// characters, nothing percent-encoded (<c>%2e%2e</c> would become <c>..</c> in a request URI), at most 1,024
/// characters. A path that passes names exactly one blob in exactly its container.
/// </summary>
public readonly record struct BlobPath(string Container, string Name)
{
    public const int MaxLength = 1024;

    /// <summary>Parses "container/name"; throws a <see cref="FormatException"/> saying what is wrong.</summary>
    public static BlobPath Parse(string path) =>
        TryParse(path, out BlobPath parsed, out string? problem) ? parsed : throw new FormatException($"'{Quote.Short(path)}' {problem}");

    public static bool TryParse(string? path, out BlobPath parsed) => TryParse(path, out parsed, out _);

    /// <summary>Like <see cref="Parse"/>, with the reason in <paramref name="problem"/> ("is not …", to follow the path).</summary>
    public static bool TryParse(string? path, out BlobPath parsed, out string? problem)
    {
        parsed = default;
        problem = Problem(path);
        if (problem is not null)
        {
            return false;
        }

        int slash = path!.IndexOf('/', StringComparison.Ordinal);
        parsed = new BlobPath(path[..slash], path[(slash + 1)..]);
        return true;
    }

    /// <summary>Why <paramref name="name"/> is not a safe blob name inside a container, or null if it is.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "is empty";
        if (name.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (name.Contains('\\', StringComparison.Ordinal)) return "contains a backslash";
        if (name.Contains('%', StringComparison.Ordinal)) return "contains '%' (percent-encoding is not allowed in blob paths)";
        if (name.Any(char.IsControl)) return "contains a control character";
        foreach (string segment in name.Split('/'))
        {
            if (segment.Length == 0) return "has an empty segment ('//' or a leading or trailing '/')";
            if (segment is "." or "..") return $"has a '{segment}' segment";
            if (segment.Trim().Length == 0 || segment.EndsWith('.')) return $"has a segment '{segment}' that storage would rewrite";
        }

        return null;
    }

    public override string ToString() => $"{Container}/{Name}";

    private static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "is not a blob path: it is empty";
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return "is not a blob path of the form container/name";
        string container = path[..slash];
        if (!container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) return "does not start with a container name";
        return NameProblem(path[(slash + 1)..]) is { } problem ? "is not a safe blob path: its name " + problem : null;
    }
}
