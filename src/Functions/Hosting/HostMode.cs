using Microsoft.Extensions.Configuration;

namespace Nst.Functions.Hosting;

/// <summary>
/// Which host runs the app: the Azure Functions host (custom handler; it sets <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> and
/// owns the triggers) or the app alone (local host: it runs its own queue listeners and inbox scanner).
/// </summary>
public sealed record HostMode(int? CustomHandlerPort)
{
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Default address of the local host; <c>ASPNETCORE_URLS</c> overrides it.</summary>
    public const string DefaultLocalUrl = "http://127.0.0.1:7071";

    public bool IsCustomHandler => CustomHandlerPort is not null;

    public static HostMode From(IConfiguration configuration)
    {
        string? port = configuration[PortSetting];
        if (string.IsNullOrWhiteSpace(port))
        {
            return new HostMode((int?)null);
        }

        return int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value is > 0 and < 65536
            ? new HostMode(value)
            : throw new FormatException($"{PortSetting} must be a TCP port, not '{port}'.");
    }

    /// <summary>The addresses to listen on: loopback on the host's port, else <c>urls</c>/ASPNETCORE_URLS or the default.</summary>
    public string Urls(IConfiguration configuration) =>
        CustomHandlerPort is int port ? $"http://127.0.0.1:{port}" : configuration["urls"] is { Length: > 0 } urls ? urls : DefaultLocalUrl;
}
