namespace Nst.Engine.Session.Options;

/// <summary>
/// Where option values come from, so errors name an option the way the user wrote it there: <c>--scales</c> on the
/// command line, <c>nst_scales</c> in drop metadata, <c>options.scales</c> in a manifest, <c>scales</c> in an API
/// field. Keys may arrive with or without the surface's <see cref="Prefix"/>.
/// </summary>
public sealed class OptionSurface
{
    public OptionSurface(string name, string prefix, OptionNaming naming)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(prefix);
        Name = name;
        Prefix = prefix;
        Naming = naming;
    }

    /// <summary>The command line: <c>--style-weight</c>.</summary>
    public static OptionSurface Cli { get; } = new("command line", "--", OptionNaming.Kebab);

    /// <summary>A drop's blob metadata: <c>nst_style_weight</c>.</summary>
    public static OptionSurface DropMetadata { get; } = new("drop metadata", "nst_", OptionNaming.Snake);

    /// <summary>The <c>options</c> object of a JSON manifest: <c>options.style_weight</c>.</summary>
    public static OptionSurface Manifest { get; } = new("manifest", "options.", OptionNaming.Snake);

    /// <summary>An API form field or JSON property: <c>style_weight</c>.</summary>
    public static OptionSurface Api { get; } = new("API", string.Empty, OptionNaming.Snake);

    /// <summary>What the surface is, for messages ("drop metadata").</summary>
    public string Name { get; }

    /// <summary>What precedes a key there (<c>--</c>, <c>nst_</c>, <c>options.</c>, or nothing).</summary>
    public string Prefix { get; }

    public OptionNaming Naming { get; }

    /// <summary>How this surface spells an option the user did not write (e.g. <c>nst_style_weight</c>).</summary>
    public string Display(OptionSpec option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return Prefix + Naming switch
        {
            OptionNaming.Snake => option.SnakeName,
            OptionNaming.Camel => option.CamelName,
            _ => option.Name,
        };
    }

    /// <summary>The key as the user wrote it, with the surface's prefix (added if they left it out).</summary>
    public string Written(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string trimmed = key.Trim();
        return Prefix.Length > 0 && trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed : Prefix + trimmed;
    }

    /// <summary>The key without the surface's prefix (case-insensitive), as the catalog looks it up.</summary>
    public string StripPrefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string trimmed = key.Trim();
        return Prefix.Length > 0 && trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[Prefix.Length..] : trimmed;
    }

    public override string ToString() => Name;
}
