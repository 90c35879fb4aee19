using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Api;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// The app when no Functions host started it: what the Functions host would run, in one process — the durable
/// engine (<see cref="DurableSidecar"/>: the Azure Storage provider against Azurite or any account), the orchestrator
/// and activities on the Durable Task gRPC worker, the API and page on ASP.NET Core with the same
/// <see cref="DurableTaskClient"/> as in Azure, and the inbox scanner in place of Event Grid. Settings come from
/// local.settings.json's Values (when present), then environment variables and the command line, then
/// <paramref name="overrides"/> (tests). Several local hosts can share one task hub.
/// </summary>
public static class LocalHost
{
    /// <summary>Default address; <c>ASPNETCORE_URLS</c> overrides it.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Quiet by default: the page polls, and the durable engine logs every poll; Logging__LogLevel__… brings them back.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:DurableTask"] = "Warning",
                ["Logging:LogLevel:Microsoft.DurableTask"] = "Warning",
                ["Logging:LogLevel:Grpc"] = "Warning",
                ["Logging:LogLevel:Azure"] = "Warning",
            },
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

        builder.WebHost.UseUrls(builder.Configuration["urls"] is { Length: > 0 } urls ? urls : DefaultUrl);
        var local = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        HostJsonSettings hostJson = HostJsonSettings.Load(local.HostJsonPath ?? Path.Combine(AppContext.BaseDirectory, HostJsonSettings.FileName), builder.Configuration);
        string workerId = local.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var sidecar = new DurableSidecar(StorageAccount.FromConfiguration(builder.Configuration), hostJson, workerId);
        var converter = new JsonDataConverter(JobJson.Options);

        builder.Services.AddNstPipeline(builder.Configuration);
        builder.Services.AddSingleton(local);
        builder.Services.AddSingleton(hostJson);
        builder.Services.AddSingleton(sidecar);
        // Registered first, so it stops last: after the worker has let go.
        builder.Services.AddHostedService<DurableEngineService>();
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(sidecar.CreateChannel());
            b.AddTasks(r => r.AddNstTasks());
            b.Configure(o =>
            {
                o.DataConverter = converter;
                o.Concurrency.MaximumConcurrentActivityWorkItems = hostJson.MaxConcurrentActivityFunctions;
            });
        });
        builder.Services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(sidecar.CreateChannel());
            b.Configure(o => o.DataConverter = converter);
        });
        builder.Services.AddHostedService<InboxScanner>();

        WebApplication app = builder.Build();
        app.MapNstApi();
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "NstFunctions local host listening on {Urls}; task hub {Hub}, worker {Worker}", string.Join(", ", app.Urls), hostJson.HubName, workerId));
        return app;
    }
}
