using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Infrastructure;

/// <summary>The pipeline's services (no durable engine) on the shared Azurite under a fresh container prefix.</summary>
public sealed class PipelineServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PipelineServices(ServiceProvider services) => _services = services;

    public PipelineStorage Storage => Get<PipelineStorage>();

    public static async Task<PipelineServices> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Nst:NamePrefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
            ["Nst:Model"] = "random:1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddNstPipeline(configuration).BuildServiceProvider();
        var pipeline = new PipelineServices(services);
        await pipeline.Storage.EnsureCreatedAsync();
        return pipeline;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Every blob name in a container, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string container, string? prefix = null)
    {
        var names = new List<string>();
        await foreach (var item in Storage.Container(container).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(item.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
