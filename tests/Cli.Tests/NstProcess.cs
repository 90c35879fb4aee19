using System.Diagnostics;

namespace Nst.Cli.Tests;

/// <summary>Runs the built <c>nst</c> in its own process, as a user would.</summary>
internal static class NstProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs nst with extra environment variables (e.g. the runtime's switches that turn off hardware intrinsics).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nst.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        // No cached real model may change what the tests see.
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "nst-cli-tests-cache");
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("nst did not finish in 3 minutes");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
