using System.Diagnostics;

namespace Nst.Functions.Tests.Infrastructure;

/// <summary>Runs Interop/storage-interop.cjs, which drives the official JS storage clients, and returns its stdout.</summary>
public static class NodeInterop
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["NODE_PATH"] = RepositoryPaths.ToolsNodeModules,
                ["AZURE_STORAGE_CONNECTION_STRING"] = connectionString,
            },
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "Functions.Tests", "Interop", "storage-interop.cjs"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"storage-interop.cjs {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Trim();
    }
}
