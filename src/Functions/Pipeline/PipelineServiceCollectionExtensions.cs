using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nst.Functions.Api;
using Nst.Functions.Chunks;
using Nst.Functions.Drops;
using Nst.Functions.Inputs;
using Nst.Functions.Storage;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline for either host: <see cref="NstSettings"/> (section "Nst"), the storage account named by
    /// <c>AzureWebJobsStorage</c> (see <see cref="StorageSettings"/>), the activities' services, webhooks and the API's
    /// handlers. The hosts add the durable engine, worker and client.
    /// </summary>
    public static IServiceCollection AddNstPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NstSettings>().Bind(configuration.GetSection(NstSettings.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => StorageAccount.FromConfiguration(configuration));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageAccount>().CreateBlobServiceClient());
        services.TryAddSingleton(sp => new PipelineStorage(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<NstSettings>>().Value.NamePrefix));

        services.TryAddSingleton<WebhookConnectGuard>();
        services.TryAddSingleton<WebhookUrlPolicy>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDelivery>();

        services.TryAddSingleton<StyleLibrary>();
        services.TryAddSingleton<InputSnapshots>();
        services.TryAddSingleton<JobBuilder>();
        services.TryAddSingleton<DropStarter>();

        services.TryAddSingleton<ModelProvider>();
        services.TryAddSingleton<ChunkInputLoader>();
        services.TryAddSingleton<CheckpointStore>();
        services.TryAddSingleton<ComputeDevice>();
        services.TryAddSingleton<SessionLoader>();
        services.TryAddSingleton<SessionCache>();
        services.TryAddSingleton<PreviewWriter>();
        services.TryAddSingleton<OutputWriter>();
        services.TryAddSingleton<ChunkRunner>();
        services.TryAddSingleton<JobFinisher>();

        services.TryAddSingleton<ApiGuard>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<JobsApi>();
        services.TryAddSingleton<HealthCheck>();
        return services;
    }
}
