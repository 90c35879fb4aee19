namespace Nst.Functions.Jobs;

/// <summary>The values of <see cref="JobSource.Kind"/>.</summary>
public static class JobSourceKinds
{
    public const string Drop = "drop";
    public const string Manifest = "manifest";
    public const string Api = "api";
}
