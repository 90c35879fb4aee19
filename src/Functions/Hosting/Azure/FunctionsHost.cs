using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Hosting.Azure;

/// <summary>
/// The app as an isolated-worker Functions app: the Functions host (with the Durable extension running the engine on
/// the Azure Storage provider) starts it with <c>--functions-uri</c>, and it serves the drop trigger, the orchestrator
/// and activities, and the HTTP API and page.
/// </summary>
public static class FunctionsHost
{
    /// <summary>True when the Functions host started this process (it passes its gRPC endpoint).</summary>
    public static bool IsStartedByFunctionsHost(string[] args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        return args.Any(a => a.StartsWith("--functions-uri", StringComparison.Ordinal))
            || !string.IsNullOrEmpty(environment("Functions__Worker__HostEndpoint"));
    }

    public static IHost Build(string[] args)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddNstPipeline(builder.Configuration);
        builder.Services.AddHostedService<ModelCheck>();
        return builder.Build();
    }
}
