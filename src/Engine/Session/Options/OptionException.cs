namespace Nst.Engine.Session.Options;

/// <summary>
/// A bad option: unknown, malformed, out of range, or inconsistent with another. <see cref="DisplayName"/> is the
/// option as the user wrote it (<c>--scales</c>, <c>nst_scales</c>, <c>options.scales</c>); the message is
/// "<see cref="DisplayName"/> <see cref="Problem"/>", one line, quoting at most 100 characters of any value.
/// </summary>
public sealed class OptionException : NstException
{
    public OptionException(string option, string problem)
        : this(option, option, problem)
    {
    }

    public OptionException(string option, string displayName, string problem, Exception? inner = null)
        : base($"{displayName} {problem}", inner)
    {
        Option = option;
        DisplayName = displayName;
        Problem = problem;
    }

    public OptionException()
        : this("option", "is not valid.")
    {
    }

    public OptionException(string message)
        : this("option", message)
    {
    }

    public OptionException(string message, Exception inner)
        : this("option", "option", message, inner)
    {
    }

    /// <summary>The option's canonical (kebab-case) name, or the unknown key as written.</summary>
    public string Option { get; }

    /// <summary>The option as the message names it.</summary>
    public string DisplayName { get; }

    /// <summary>What is wrong, phrased to follow the option's name ("must be one of: lbfgs, adam (got 'sgd').").</summary>
    public string Problem { get; }

    /// <summary>The same error naming the option as <paramref name="displayName"/>.</summary>
    public OptionException WithDisplayName(string displayName) => new(Option, displayName, Problem, this);

    /// <summary>The same error naming the option the way <paramref name="surface"/> spells it.</summary>
    public OptionException On(OptionSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        return OptionCatalog.Find(Option) is { } spec ? WithDisplayName(surface.Display(spec)) : this;
    }
}
