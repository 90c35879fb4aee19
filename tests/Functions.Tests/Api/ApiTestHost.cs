using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Api;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Api;

/// <summary>
/// The HTTP API alone (no triggers), hosted in-process on a free loopback port against the shared Azurite, with a
/// fresh <c>Nst:NamePrefix</c> so each host sees only its own containers and queues.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private ApiTestHost(WebApplication app, Uri address, PipelineResources resources)
    {
        App = app;
        BaseAddress = address;
        Resources = resources;
        Client = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public PipelineResources Resources { get; }

    public HttpClient Client { get; }

    public static async Task<ApiTestHost> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Nst:NamePrefix"] = NewPrefix(),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddNstPipeline(builder.Configuration);
        WebApplication app = builder.Build();
        app.MapNstApi();
        var resources = app.Services.GetRequiredService<PipelineResources>();
        await resources.EnsureCreatedAsync();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiTestHost(app, new Uri(address + "/"), resources);
    }

    /// <summary>A fresh lower-case prefix of letters and digits (Nst:NamePrefix allows at most 20).</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..11];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
