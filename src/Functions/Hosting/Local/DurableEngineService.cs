using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// Starts the local durable engine once storage answers — creating the pipeline's containers and the task hub —
/// retrying while it does not, so the host serves its page and <c>/healthz</c> (unhealthy) in the meantime instead of
/// dying. Stops it last, after the worker.
/// </summary>
public sealed class DurableEngineService(DurableSidecar sidecar, PipelineStorage storage, ILoggerFactory loggerFactory, ILogger<DurableEngineService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (int attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await storage.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                await sidecar.StartAsync(loggerFactory, stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Durable engine running: task hub {Hub}, worker {Worker}, storage {Storage}", sidecar.HubName, sidecar.WorkerId, storage.Service.Uri);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt == 1 || attempt % 15 == 0)
                {
                    logger.LogWarning("Storage at {Storage} is not reachable yet ({Error}); retrying every {Delay} s", storage.Service.Uri, StorageErrors.Describe(e), RetryDelay.TotalSeconds);
                }

                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await sidecar.DisposeAsync().ConfigureAwait(false);
    }
}
