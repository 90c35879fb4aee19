using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nst.Functions.Chain;
using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Storage;

namespace Nst.Functions.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The storage setting Functions uses; a connection string, or the identity-based <c>__accountName</c> / <c>__blobServiceUri</c> forms.</summary>
    public const string StorageSettingName = "AzureWebJobsStorage";

    /// <summary>
    /// Registers the pipeline: <see cref="NstSettings"/> (section "Nst"), <see cref="PipelineResources"/> on the account
    /// named by <c>AzureWebJobsStorage</c> (a connection string — default <c>UseDevelopmentStorage=true</c> — or, with
    /// no connection string, <c>AzureWebJobsStorage__accountName</c> / <c>__blobServiceUri</c> / <c>__queueServiceUri</c>
    /// with a managed identity or DefaultAzureCredential), the job store and service, the model provider, and the
    /// <c>ProcessInbox</c> and <c>ProcessChunk</c> queue functions (as <see cref="IQueueFunction"/>).
    /// </summary>
    public static IServiceCollection AddNstPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NstSettings>().Bind(configuration.GetSection(NstSettings.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ConnectionFrom(configuration));
        services.TryAddSingleton(sp => new PipelineResources(
            sp.GetRequiredService<StorageConnection>(),
            sp.GetRequiredService<IOptions<NstSettings>>().Value.NamePrefix));
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<JobNotifier>();
        services.TryAddSingleton<StyleLibrary>();
        services.TryAddSingleton<ChunkQueue>();
        services.TryAddSingleton<JobService>();
        services.TryAddSingleton<ModelProvider>();
        services.TryAddSingleton<DropJobBuilder>();
        services.TryAddSingleton<DropHandler>();
        services.TryAddSingleton<ChunkInputLoader>();
        services.TryAddSingleton<ChunkRunner>();
        services.AddSingleton<IQueueFunction, ProcessInboxFunction>();
        services.AddSingleton<IQueueFunction, ProcessChunkFunction>();
        return services;
    }

    /// <summary>The storage connection from configuration: <c>AzureWebJobsStorage</c> or its identity-based settings, else Azurite.</summary>
    public static StorageConnection ConnectionFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        bool identityBased = configuration[$"{StorageSettingName}:accountName"] is { Length: > 0 }
            || configuration[$"{StorageSettingName}:blobServiceUri"] is { Length: > 0 };
        if (configuration[StorageSettingName] is { Length: > 0 } || identityBased)
        {
            // Environment variables arrive as "AzureWebJobsStorage:accountName"; StorageConnection asks for "__".
            return StorageConnection.FromSettings(name => configuration[name.Replace("__", ":", StringComparison.Ordinal)]);
        }

        return StorageConnection.Parse("UseDevelopmentStorage=true");
    }
}
