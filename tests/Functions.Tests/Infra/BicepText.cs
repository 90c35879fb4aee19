using System.Text.RegularExpressions;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

/// <summary>
/// Reads the Bicep files under infra/bicep as text, for the house conventions the compiler does not check (a comment
/// above each module, role ids named in comments, tags): small, deliberately strict patterns over the house layout
/// (two-space indents, one property a line). What the template deploys is read from <see cref="CompiledTemplate"/>.
/// </summary>
public static partial class BicepText
{
    public static string InfraDirectory => Path.Combine(RepositoryPaths.Root, "infra", "bicep");

    public static string MainPath => Path.Combine(InfraDirectory, "main.bicep");

    public static IReadOnlyList<string> AllFiles { get; } =
        Directory.GetFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    public static string Read(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);

    public static string ReadInfra(string relativePath) => Read(Path.Combine(InfraDirectory, relativePath));

    /// <summary>Declared parameters, in order.</summary>
    public static IReadOnlyList<string> Parameters(string text) =>
        ParamRegex().Matches(text).Select(m => m.Groups["name"].Value).ToArray();

    /// <summary>Outputs, in order.</summary>
    public static IReadOnlyList<string> Outputs(string text) =>
        OutputRegex().Matches(text).Select(m => m.Groups["name"].Value).ToArray();

    /// <summary>Module declarations: symbol, path and the line index of the declaration.</summary>
    public static IEnumerable<(string Symbol, string Path, int Line)> Modules(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = ModuleRegex().Match(lines[i]);
            if (m.Success)
            {
                yield return (m.Groups["symbol"].Value, m.Groups["path"].Value, i);
            }
        }
    }

    /// <summary>Bodies (the <c>{…}</c> after <c>=</c>) of every non-existing resource declaration of the given type.</summary>
    public static IEnumerable<(string Symbol, string Body)> Resources(string text, string type)
    {
        foreach (Match m in ResourceRegex().Matches(text))
        {
            if (m.Groups["type"].Value.Equals(type, StringComparison.OrdinalIgnoreCase) && !m.Groups["existing"].Success)
            {
                yield return (m.Groups["symbol"].Value, BlockAt(text, m.Index + m.Length - 1));
            }
        }
    }

    /// <summary>The balanced <c>{…}</c> or <c>[…]</c> starting at <paramref name="open"/>.</summary>
    public static string BlockAt(string text, int open)
    {
        char opening = text[open];
        char closing = opening == '{' ? '}' : ']';
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == opening)
            {
                depth++;
            }
            else if (text[i] == closing && --depth == 0)
            {
                return text[open..(i + 1)];
            }
        }

        throw new FormatException($"Unbalanced '{opening}' at offset {open}.");
    }

    /// <summary>The string items of <c>var name = [ 'a' 'b' ]</c>.</summary>
    public static IReadOnlyList<string> StringArrayVariable(string text, string name)
    {
        int at = text.IndexOf($"var {name} = [", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No 'var {name} = [' in the file.");
        string block = BlockAt(text, text.IndexOf('[', at));
        return QuotedRegex().Matches(block).Select(m => m.Groups[1].Value).ToArray();
    }

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamRegex();

    [GeneratedRegex(@"^output\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex OutputRegex();

    [GeneratedRegex(@"^module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'")]
    private static partial Regex ModuleRegex();

    [GeneratedRegex(@"^resource\s+(?<symbol>\w+)\s+'(?<type>[^'@]+)@[^']+'\s+(?<existing>existing\s+)?=\s*(\[for [^\n]*?:\s*)?(if \([^\n]*\)\s*)?\{", RegexOptions.Multiline)]
    private static partial Regex ResourceRegex();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedRegex();
}
