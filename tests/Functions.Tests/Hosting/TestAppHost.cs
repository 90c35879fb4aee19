using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nst.Functions.Hosting.Local;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting;

/// <summary>
/// The real local host (<see cref="LocalHost"/>: durable engine on Azurite, worker, API, scanner) started in-process
/// against the shared Azurite with its own container prefix and task hub, so tests never see each other's jobs.
/// </summary>
public sealed class TestAppHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private TestAppHost(WebApplication app, string prefix, string hub)
    {
        App = app;
        Prefix = prefix;
        Hub = hub;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public string Prefix { get; }

    public string Hub { get; }

    public HttpClient Http { get; }

    public PipelineStorage Storage => App.Services.GetRequiredService<PipelineStorage>();

    public DurableTaskClient Client => App.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>A fresh name: lower-case letters and digits, a valid container prefix and task hub name.</summary>
    public static string NewName() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The settings a test host runs with: fast polling, its own prefix and hub (both fresh unless given).</summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, string prefix, string hub) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Nst:NamePrefix"] = prefix,
        ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = hub,
        ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:00.2",
        ["Nst:LocalHost:ScanInterval"] = "00:00:00.2",
        ["Nst:Model"] = "random:1",
        ["urls"] = "http://127.0.0.1:0",
    };

    /// <summary>Starts a host; <paramref name="logs"/>, when given, receives everything the host logs (on top of its own providers).</summary>
    public static async Task<TestAppHost> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, string? prefix = null, string? hub = null, ILoggerProvider? logs = null)
    {
        prefix ??= NewName();
        hub ??= NewName();
        var all = Settings(azurite, prefix, hub);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        WebApplication app = LocalHost.Build([], all);
        if (logs is not null)
        {
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        }

        await app.StartAsync();
        var host = new TestAppHost(app, prefix, hub);
        await host.WaitUntilHealthyAsync();
        return host;
    }

    /// <summary>Waits until /healthz says storage and the durable engine answer.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            using HttpResponseMessage response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative), deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    public Task UploadAsync(string container, string name, byte[] bytes, IDictionary<string, string>? metadata = null) =>
        Storage.Container(container).GetBlobClient(name).UploadAsync(new BinaryData(bytes), new BlobUploadOptions { Metadata = metadata });

    public Task UploadStyleAsync(string name, byte[]? bytes = null) => UploadAsync(PipelineNames.StylesContainer, name + ".png", bytes ?? TestImages.Style());

    /// <summary>Drops inbox/{name}; returns the id of the job the upload makes (as the scanner will derive it).</summary>
    public async Task<string> DropAsync(string name, byte[] bytes, IDictionary<string, string>? metadata = null)
    {
        await UploadAsync(PipelineNames.InboxContainer, name, bytes, metadata);
        BlobProperties properties = (await Storage.Container(PipelineNames.InboxContainer).GetBlobClient(name).GetPropertiesAsync()).Value;
        return JobId.ForUpload($"{PipelineNames.InboxContainer}/{name}", properties.ETag.ToString(), properties.LastModified);
    }

    /// <summary>The job as the API shows it; null while it does not exist.</summary>
    public async Task<JsonElement?> JobAsync(string id)
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>Polls the API until the job satisfies <paramref name="done"/> (default: it has ended).</summary>
    public async Task<JsonElement> WaitForJobAsync(string id, Func<JsonElement, bool>? done = null, TimeSpan? timeout = null)
    {
        done ??= j => j.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled";
        using var deadline = new CancellationTokenSource(timeout ?? Patience);
        JsonElement? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await JobAsync(id);
            if (last is { } job && done(job))
            {
                return job;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Job {id} did not get there in time; last seen: {last?.ToString() ?? "(none)"}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
