namespace Nst.Functions.Drops;

/// <summary>What an inbox blob asks for.</summary>
public enum DropKind
{
    None,
    Drop,
    Manifest,
}

public static class DropKinds
{
    /// <summary>What an inbox blob is: a manifest (top-level .json), a drop ({style}/{…image}) or neither.</summary>
    public static DropKind Classify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DropKind.Manifest : DropKind.None;
        }

        return slash > 0 && slash < name.Length - 1 && Jobs.ImageFiles.HasImageExtension(name) ? DropKind.Drop : DropKind.None;
    }
}
