using System.CommandLine;

namespace Nst.Cli;

/// <summary>
/// Command-line mistakes as one line on stderr (exit code 1), like every other error of nst: the first problem the
/// parser found, a suggestion for a mistyped flag, and where the flags are listed — not the whole help page.
/// A command that only groups others (<c>nst</c>, <c>nst model</c>) keeps System.CommandLine's help instead.
/// </summary>
internal static class ParseErrors
{
    /// <summary>Whether the errors are a leaf command's (a flag or value), which <see cref="Report"/> puts on one line.</summary>
    public static bool IsReportable(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Count > 0 && result.CommandResult.Command.Subcommands.Count == 0
            && !result.Tokens.Any(t => t.Value is "--help" or "-h" or "-?");
    }

    public static int Report(ParseResult result, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(error);
        string message = result.Errors[0].Message.TrimEnd('.');
        string? unknown = result.UnmatchedTokens.FirstOrDefault(t => t.StartsWith("--", StringComparison.Ordinal));
        string? suggestion = unknown is null ? null : Closest(unknown, result.CommandResult.Command.Options.Select(o => o.Name));
        string path = string.Join(' ', Path(result.CommandResult.Command));
        error.WriteLine($"nst: error: {message}{(suggestion is null ? string.Empty : $"; did you mean {suggestion}?")} (`{path} --help` lists the options).");
        return 1;
    }

    private static Stack<string> Path(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            names.Push(c is RootCommand ? "nst" : c.Name);
        }

        return names;
    }

    private static string? Closest(string token, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = 4;
        foreach (string name in names)
        {
            int d = Distance(token, name);
            if (d < bestDistance)
            {
                (best, bestDistance) = (name, d);
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
