using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Nst.Functions.Tests.Infra;

/// <summary>
/// The real Bicep compiler: Azure.Bicep.CommandLine.linux-x64, which restore downloads into the NuGet global packages
/// folder (a <c>PackageDownload</c> item in Nst.Functions.Tests.csproj; the binary is the package's <c>tools/bicep</c>).
/// </summary>
public static partial class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";

    /// <summary>The package version, as the test project's <c>BicepCliVersion</c> property sets it.</summary>
    public static string Version { get; } = AssemblyMetadata("BicepCliVersion") ?? throw new InvalidOperationException("The test assembly has no BicepCliVersion metadata.");

    /// <summary>Full path of the <c>bicep</c> executable; found once, made executable if the package lost the bit.</summary>
    public static string ExecutablePath => LazyPath.Value;

    private static readonly Lazy<string> LazyPath = new(Locate);

    /// <summary>Runs <c>bicep</c> with the given arguments; fails the test if it does not end within two minutes.</summary>
    public static BicepResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = BicepText.InfraDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing here may reach a network: no registry modules, no telemetry.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bicep {string.Join(' ', arguments)} did not finish within two minutes.");
        }

        process.WaitForExit();
        return new BicepResult(string.Join(' ', arguments), process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var tried = new List<string>();
        foreach (string root in PackageRoots())
        {
            string candidate = Path.Combine(root, PackageId, Version, "tools", "bicep");
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                EnsureExecutable(candidate);
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No Bicep CLI {Version}: restore tests/Functions.Tests (its PackageDownload of Azure.Bicep.CommandLine.linux-x64). Looked at: {string.Join(", ", tried)}");
    }

    /// <summary>Candidate global packages folders, most specific first.</summary>
    private static IEnumerable<string> PackageRoots()
    {
        // 1. What restore used for this very build (NuGetPackageRoot, baked into the test assembly).
        if (AssemblyMetadata("NuGetPackageRoot") is { Length: > 0 } fromBuild)
        {
            yield return fromBuild;
        }

        // 2. The environment override NuGet itself honours.
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment)
        {
            yield return fromEnvironment;
        }

        // 3. What the SDK reports (follows NuGet.Config's globalPackagesFolder).
        if (GlobalPackagesFromDotnet() is { } fromDotnet)
        {
            yield return fromDotnet;
        }

        // 4. NuGet's default.
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string? GlobalPackagesFromDotnet()
    {
        try
        {
            var start = new ProcessStartInfo("dotnet", "nuget locals global-packages --list")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(TimeSpan.FromSeconds(30));
            Match m = GlobalPackagesRegex().Match(output);
            return m.Success ? m.Groups[1].Value.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static string? AssemblyMetadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    [GeneratedRegex(@"global-packages:\s*(.+)")]
    private static partial Regex GlobalPackagesRegex();
}
