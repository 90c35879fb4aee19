using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// The local host's triggers: on start it creates every container and queue, then runs one
/// <see cref="QueueListener"/> per queue function and the <see cref="InboxScanner"/>; on stop it stops them all.
/// When the storage account cannot be reached yet (Azurite not started), it says so in one line and tries again
/// with growing pauses instead of failing the app. Not registered under the Functions host, which owns the
/// triggers there.
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
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Storage up (the usual case): everything exists before the app reports started.
        try
        {
            await resources.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await StartTriggersAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            loggers.CreateLogger<LocalTriggerHost>().LogWarning("Cannot reach storage at {Endpoint} ({Error}); start Azurite (scripts/run.sh does) or set AzureWebJobsStorage. Retrying in the background.",
                connection.BlobEndpoint, e.Message);
        }

        _starting = Task.Run(() => StartWhenStorageAnswersAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task StartWhenStorageAnswersAsync(CancellationToken cancellationToken)
    {
        ILogger logger = loggers.CreateLogger<LocalTriggerHost>();
        var pause = TimeSpan.FromSeconds(2);
        while (true)
        {
            try
            {
                await resources.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Cannot reach storage at {Endpoint} ({Error}); start Azurite (scripts/run.sh does) or set AzureWebJobsStorage. Retrying in {Pause}.",
                    connection.BlobEndpoint, e.Message, pause);
                await Task.Delay(pause, clock, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 30));
            }
        }

        await StartTriggersAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartTriggersAsync(CancellationToken cancellationToken)
    {
        ILogger logger = loggers.CreateLogger<LocalTriggerHost>();
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

        logger.LogInformation("Triggers running: {Count} queue listener(s) and the inbox scanner", _services.Count - 1);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _starting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_services.Select(s => s.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (BackgroundService service in _services)
        {
            service.Dispose();
        }
    }
}
