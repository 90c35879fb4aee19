namespace Nst.Engine.Session.Options;

/// <summary>
/// Sets <see cref="StyleTransferOptions"/> from text keys and values as a surface writes them (CLI flags, drop
/// metadata, manifest and API fields). Keys are looked up in any spelling; every error is one
/// <see cref="OptionException"/> that names the option as the user wrote it there and lists what is allowed.
/// </summary>
public static class OptionBinder
{
    /// <summary>
    /// Applies <paramref name="values"/> over <paramref name="baseOptions"/>, in order (a later key wins), refusing
    /// anything beyond <paramref name="limits"/> (default <see cref="OptionLimits.Default"/>). With
    /// <paramref name="validate"/> the result is also checked as a whole (e.g. one iteration count per scale); pass
    /// false for an earlier source that a later one completes (a style's JSON, then the drop's metadata), and validate
    /// with the last.
    /// </summary>
    public static StyleTransferOptions Apply(
        StyleTransferOptions baseOptions,
        IEnumerable<KeyValuePair<string, string>> values,
        OptionSurface surface,
        OptionLimits? limits = null,
        bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(surface);
        limits ??= OptionLimits.Default;
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = baseOptions;
        foreach (var (key, value) in values)
        {
            ArgumentNullException.ThrowIfNull(key);
            var spec = OptionCatalog.Find(surface.StripPrefix(key));
            if (spec is null)
            {
                string shown = OptionText.Quote(surface.Written(key));
                throw new OptionException(shown, shown,
                    $"is not an option here; the options are: {string.Join(", ", OptionCatalog.Job.Select(surface.Display))}.");
            }

            written[spec.Name] = surface.Written(key);
            try
            {
                options = spec.Apply(options, value ?? string.Empty, limits);
            }
            catch (OptionException e)
            {
                throw e.WithDisplayName(written[spec.Name]);
            }
        }

        if (validate)
        {
            try
            {
                options.Validate();
                limits.Check(options);
            }
            catch (OptionException e)
            {
                throw written.TryGetValue(e.Option, out var shown) ? e.WithDisplayName(shown) : e.On(surface);
            }
        }

        return options;
    }

    /// <summary>Checks options as a whole (as <see cref="Apply"/> does last), naming options the way <paramref name="surface"/> spells them.</summary>
    public static void Validate(StyleTransferOptions options, OptionSurface surface, OptionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(surface);
        try
        {
            options.Validate();
            (limits ?? OptionLimits.Default).Check(options);
        }
        catch (OptionException e)
        {
            throw e.On(surface);
        }
    }
}
