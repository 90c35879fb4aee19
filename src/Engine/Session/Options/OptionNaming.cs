namespace Nst.Engine.Session.Options;

/// <summary>How a surface spells option names when it names one the user did not write.</summary>
public enum OptionNaming
{
    /// <summary><c>style-weight</c>, the canonical name and the CLI's long flag.</summary>
    Kebab,

    /// <summary><c>style_weight</c>, as drop metadata, manifests and form fields usually write it.</summary>
    Snake,

    /// <summary><c>styleWeight</c>, as JSON written by JavaScript usually has it.</summary>
    Camel,
}
