namespace Nst.Engine.Session.Options;

/// <summary>One job option as JSON for a form: serialise with camelCase names and it reads as the catalog does.</summary>
/// <param name="Name">Canonical, kebab-case (<c>style-weight</c>).</param>
/// <param name="Key">snake_case, for form fields and drop metadata (<c>style_weight</c>, <c>nst_style_weight</c>).</param>
/// <param name="JsonName">camelCase (<c>styleWeight</c>).</param>
/// <param name="Type"><c>int</c>, <c>float</c>, <c>int-list</c>, <c>float-list</c>, <c>name-list</c>, <c>enum</c> or <c>bool</c>.</param>
/// <param name="Default">The value a job gets when it does not set this option (text, or <c>auto</c>).</param>
/// <param name="DefaultText">The default as people read it (<c>30 (caffe: 5)</c>).</param>
/// <param name="Allowed">The values of an enum or bool option; empty otherwise.</param>
/// <param name="Min">Smallest value (of each value, for lists), or null.</param>
/// <param name="MinExclusive">Whether <paramref name="Min"/> itself is refused.</param>
/// <param name="Max">Largest value here (the host's limit where it has one), or null.</param>
/// <param name="AcceptsAuto">Whether <c>auto</c> (the default that depends on other settings) is accepted.</param>
/// <param name="Example">A valid value other than the default.</param>
/// <param name="Help">What the option does.</param>
public sealed record OptionMetadata(
    string Name,
    string Key,
    string JsonName,
    string Type,
    string Default,
    string DefaultText,
    IReadOnlyList<string> Allowed,
    double? Min,
    bool MinExclusive,
    double? Max,
    bool AcceptsAuto,
    string Example,
    string Help);
