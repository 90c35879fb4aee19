namespace Nst.Functions.Hosting.Local;

/// <summary>Settings of the local host alone (the Functions host has its own), bound from <c>Nst:LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "Nst:LocalHost";

    /// <summary>Time between inbox scans. Default 2 s.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where host.json is. Default: beside the app (the build copies the repository's host.json there).</summary>
    public string? HostJsonPath { get; set; }

    /// <summary>This process's worker id in the task hub. Default: machine, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }
}
