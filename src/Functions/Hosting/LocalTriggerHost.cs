using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// The local host's triggers: on start it creates every container and queue, then runs one
/// <see cref="QueueListener"/> per queue function and the <see cref="InboxScanner"/>; on stop it stops them all.
/// Not registered under the Functions host, which owns the triggers there.
/// </summary>
public sealed class LocalTriggerHost(
    PipelineResources resources,
    StorageConnection connection,
    IEnumerable<IQueueFunction> functions,
    HostJsonSettings hostJson,
    LocalHostOptions localOptions,
    ILoggerFactory loggers,
    TimeProvider clock) : IHostedService, IDisposable
{
    private readonly List<BackgroundService> _services = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await resources.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        QueueHostOptions queueOptions = hostJson.Queues with { LeaseDuration = localOptions.LeaseDuration };
        foreach (IQueueFunction function in functions)
        {
            _services.Add(new QueueListener(function, resources.Queue(function.QueueName),
                resources.Queue(PipelineNames.PoisonQueue(function.QueueName)), queueOptions, loggers.CreateLogger<QueueListener>(), clock));
        }

        var scanner = new InboxScannerOptions
        {
            InboxContainer = resources.Container(PipelineNames.InboxContainer),
            MarkerContainer = resources.Container(PipelineNames.JobsContainer),
            BlobEndpoint = connection.BlobEndpoint,
            AccountName = connection.AccountName ?? StorageConnection.DevelopmentAccountName,
            Interval = localOptions.ScanInterval,
        };
        _services.Add(new InboxScanner(resources.Blobs, resources.Queue(PipelineNames.InboxQueue), scanner, loggers.CreateLogger<InboxScanner>(), clock));
        foreach (BackgroundService service in _services)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_services.Select(s => s.StopAsync(cancellationToken))).ConfigureAwait(false);

    public void Dispose()
    {
        foreach (BackgroundService service in _services)
        {
            service.Dispose();
        }
    }
}
