using System.Text.RegularExpressions;
using Nst.Cli.Commands;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Tests;

/// <summary>The README's <c>nst stylize</c> table is the command's flags, and its job rows are the catalog's.</summary>
public partial class ReadmeOptionsTableTests
{
    [Fact]
    public void StylizeOptionsTable_ListsExactlyTheCommandsFlags()
    {
        var rows = TableRows();
        var listed = rows.SelectMany(r => FlagPattern().Matches(r.Option).Select(m => m.Value)).ToArray();
        var flags = StylizeCommand.Create().Options.Select(o => o.Name).Where(n => n != "--help");

        Assert.Equal(flags.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StylizeOptionsTable_JobRows_ShowTheCatalogsValueHintAndDefault()
    {
        var rows = TableRows().ToDictionary(r => FlagPattern().Match(r.Option).Value);
        foreach (var spec in OptionCatalog.Job)
        {
            var row = rows["--" + spec.Name];
            string expected = spec.Type == OptionType.Bool ? "--" + spec.Name : $"--{spec.Name} {spec.ValueHint}";
            Assert.Equal(expected, row.Option);
            Assert.Equal(spec.DefaultText, row.Default);
        }

        // In catalog order, one after another.
        var order = TableRows().Select(r => FlagPattern().Match(r.Option).Value).ToList();
        int first = order.IndexOf("--" + OptionCatalog.Job[0].Name);
        Assert.Equal(OptionCatalog.Job.Select(o => "--" + o.Name), order.Skip(first).Take(OptionCatalog.Job.Count));
    }

    private static List<(string Option, string Default)> TableRows()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        int heading = Array.IndexOf(lines, "### `nst stylize` options");
        Assert.True(heading >= 0, "README has no '### `nst stylize` options' section");
        var rows = new List<(string, string)>();
        foreach (string line in lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
        {
            var cells = CellPattern().Split(line.Trim().Trim('|')).Select(Clean).ToArray();
            rows.Add((cells[0], cells[1]));
        }

        return rows;
    }

    /// <summary>A cell's text as it renders: code spans unquoted, escaped pipes plain.</summary>
    private static string Clean(string cell) => cell.Trim().Replace("`", string.Empty, StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NstFunctions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (NstFunctions.sln) is not above the test's folder.");
    }

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex FlagPattern();

    /// <summary>Cell separators: pipes not escaped with a backslash.</summary>
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellPattern();
}
