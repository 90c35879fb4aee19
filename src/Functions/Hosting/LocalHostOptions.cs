namespace Nst.Functions.Hosting;

/// <summary>Settings of the local host's own triggers, bound from <c>Nst:LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "Nst:LocalHost";

    /// <summary>Time between inbox scans. Default 2 s.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a running message stays hidden between renewals (see <see cref="QueueHostOptions.LeaseDuration"/>). Default 1 minute.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where host.json is. Default: beside the app (the build copies the repository's host.json there).</summary>
    public string? HostJsonPath { get; set; }
}
