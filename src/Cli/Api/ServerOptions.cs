using System.CommandLine;

namespace Nst.Cli.Api;

/// <summary>The <c>--server</c> and <c>--api-key</c> options shared by submit, status and fetch.</summary>
internal sealed class ServerOptions
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The nst server (env NST_SERVER; default {NstApiClient.DefaultServer}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NST_SERVER") is { Length: > 0 } s ? s : NstApiClient.DefaultServer,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The server's API key, when it has one (env NST_API_KEY).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NST_API_KEY") is { Length: > 0 } k ? k : null,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
    }

    public NstApiClient CreateClient(ParseResult parse) =>
        new(NstApiClient.ParseServer(parse.GetValue(Server)!), parse.GetValue(ApiKey));
}
