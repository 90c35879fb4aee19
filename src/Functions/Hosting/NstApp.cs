using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Api;
using Nst.Functions.Pipeline;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Hosting;

/// <summary>
/// Composes the app for both hosts. Settings come from local.settings.json's Values (when present), then
/// environment variables and the command line, then <paramref name="overrides"/> (tests). Under the Functions host
/// (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set) it listens on that loopback port and serves <c>POST /{Function}</c>; otherwise
/// it runs the triggers itself. Both serve the HTTP API, the page and <c>GET /healthz</c>.
/// </summary>
public static class NstApp
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Quiet by default (the page polls every 2 s; a log line per request drowns the chain's own lines);
        // Logging__LogLevel__Microsoft.AspNetCore=Information brings them back.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

        // Core Tools semantics: local.settings.json fills in what the environment does not set.
        if (LocalSettingsFile.Find() is { } localSettings)
        {
            builder.Configuration.AddInMemoryCollection(LocalSettingsFile.Read(localSettings));
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(args);
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var mode = HostMode.From(builder.Configuration);
        builder.WebHost.UseUrls(mode.Urls(builder.Configuration));
        builder.Services.AddNstPipeline(builder.Configuration);
        builder.Services.AddNstWebhooks(builder.Configuration);
        builder.Services.AddNstHosting(builder.Configuration, mode);

        WebApplication app = builder.Build();
        app.MapGet("/healthz", () => Results.Json(new { status = "ok", mode = mode.IsCustomHandler ? "custom-handler" : "local" }));
        if (mode.IsCustomHandler)
        {
            app.MapCustomHandlerFunctions();
        }

        // The HTTP API and the page (pipeline-web); under the Functions host they arrive forwarded, same routes.
        app.MapNstApi();

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "NstFunctions ({Mode}) listening on {Urls}", mode.IsCustomHandler ? "custom handler" : "local host", string.Join(", ", app.Urls)));
        return app;
    }
}
