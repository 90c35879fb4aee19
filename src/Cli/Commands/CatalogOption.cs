using System.CommandLine;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Commands;

/// <summary>
/// A command-line flag made from a catalog option: <c>--name</c>, help text with its allowed values and default
/// from the catalog, completions for enums. Values stay text and are bound by <see cref="OptionBinder"/>, so the
/// CLI parses them exactly as the API and drops do.
/// </summary>
internal sealed class CatalogOption
{
    private CatalogOption(OptionSpec spec, Option option)
    {
        Spec = spec;
        Option = option;
    }

    public OptionSpec Spec { get; }

    public Option Option { get; }

    public static CatalogOption Create(OptionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string description = Describe(spec);
        Option option = spec.Type == OptionType.Bool
            ? new Option<bool>("--" + spec.Name) { Description = description }
            : new Option<string>("--" + spec.Name) { Description = description, HelpName = spec.ValueHint };
        if (spec.Allowed.Count > 0) option.CompletionSources.Add([.. spec.Allowed]);
        return new CatalogOption(spec, option);
    }

    /// <summary>The flag's text as the user gave it, or null when they did not give it.</summary>
    public string? ValueIn(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.GetResult(Option) is not { Implicit: false }) return null;
        return Option switch
        {
            Option<bool> flag => parseResult.GetValue(flag) ? "true" : "false",
            Option<string> text => parseResult.GetValue(text) ?? string.Empty,
            _ => throw new InvalidOperationException($"{Option.Name} has an unexpected type."),
        };
    }

    private static string Describe(OptionSpec spec)
    {
        // Allowed values show in the flag's value hint (<lbfgs|adam>); auto names the default that depends on other settings.
        return $"{spec.Help} Default{(spec.AcceptsAuto ? " (auto)" : string.Empty)}: {spec.DefaultText}.";
    }
}
