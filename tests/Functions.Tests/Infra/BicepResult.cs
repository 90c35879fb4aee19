using System.Text.RegularExpressions;

namespace Nst.Functions.Tests.Infra;

/// <summary>One run of the Bicep CLI: exit code, output, and the diagnostics it printed.</summary>
public sealed partial record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Every diagnostic line, whatever its level (<c>file(line,col) : Error|Warning|Info CODE: message</c>). Bicep exits 0
    /// with warnings, so the exit code alone does not say a file is clean.
    /// </summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardError + "\n" + StandardOutput).Split('\n').Where(l => DiagnosticRegex().IsMatch(l)).Select(l => l.Trim()).ToArray();

    public int Errors => Diagnostics.Count(d => d.Contains(" : Error ", StringComparison.Ordinal));

    public int Warnings => Diagnostics.Count(d => d.Contains(" : Warning ", StringComparison.Ordinal));

    /// <summary>The whole run, for a failure message.</summary>
    public string Describe() =>
        $"bicep {Command} → exit {ExitCode}, {Errors} error(s), {Warnings} warning(s), {Diagnostics.Count} diagnostic(s)\n"
        + $"--- stderr ---\n{StandardError}\n--- stdout ({StandardOutput.Length} chars) ---\n{(StandardOutput.Length > 4000 ? StandardOutput[..4000] + "…" : StandardOutput)}";

    [GeneratedRegex(@"\(\d+,\d+\) : (Error|Warning|Info) ")]
    private static partial Regex DiagnosticRegex();
}
