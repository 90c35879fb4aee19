using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting.Local;

/// <summary>
/// The durable engine of the local host, as the Functions host's Durable extension runs it for an isolated worker:
/// the Durable Task Framework's Azure Storage provider (the task hub's queues, tables and leases in the account),
/// served over the Durable Task gRPC protocol by <see cref="TaskHubGrpcServer"/> on a Unix socket private to this
/// process. The app's worker and client connect through <see cref="CreateChannel"/>.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly string _socketPath;
    private readonly StorageAccount _account;
    private readonly HostJsonSettings _hostJson;
    private AzureStorageOrchestrationService? _service;
    private SidecarOrchestrationService? _renewing;
    private WebApplication? _server;

    public DurableSidecar(StorageAccount account, HostJsonSettings hostJson, string workerId)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(hostJson);
        _account = account;
        _hostJson = hostJson;
        _socketPath = Path.Combine(Path.GetTempPath(), $"nst-durable-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        HubName = hostJson.HubName;
        WorkerId = workerId;
    }

    public string HubName { get; }

    public string WorkerId { get; }

    /// <summary>True once the task hub exists and the server is listening.</summary>
    public bool IsRunning => _server is not null;

    /// <summary>Creates the task hub if need be (throws while storage is unreachable), then serves it.</summary>
    public async Task StartAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _service ??= new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = _account.CreateDurableClientProvider(),
            TaskHubName = _hostJson.HubName,
            WorkerId = WorkerId,
            PartitionCount = _hostJson.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = _hostJson.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = _hostJson.MaxConcurrentOrchestratorFunctions,
            WorkItemQueueVisibilityTimeout = _hostJson.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = _hostJson.ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = _hostJson.MaxQueuePollingInterval,
            // Several local hosts (one app) share a hub; a killed one's partitions move after LeaseInterval.
            UseAppLease = false,
            LeaseInterval = TimeSpan.FromSeconds(15),
            LeaseRenewInterval = TimeSpan.FromSeconds(5),
            LeaseAcquireInterval = TimeSpan.FromSeconds(5),
            LoggerFactory = loggerFactory,
        });
        _renewing ??= new SidecarOrchestrationService(_service, _hostJson.WorkItemQueueVisibilityTimeout, loggerFactory.CreateLogger<SidecarOrchestrationService>());
        await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The engine's own logs go to the app's loggers; the sidecar's hosting chatter does not.
        builder.Services.AddSingleton<ILoggerFactory>(new CategoryFilteringLoggerFactory(loggerFactory, "Microsoft.Hosting", "Microsoft.AspNetCore"));
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(_socketPath, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(_renewing);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(_service);
        builder.Services.Configure<TaskHubGrpcServerOptions>(o => o.Mode = TaskHubGrpcServerMode.ApiServerAndDispatcher);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        WebApplication server = builder.Build();
        server.MapGrpcService<TaskHubGrpcServer>();
        File.Delete(_socketPath);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        _server = server;
    }

    /// <summary>A gRPC channel to this sidecar's socket (it may not be listening yet: callers retry).</summary>
    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
        MaxReceiveMessageSize = 64 * 1024 * 1024,
    });

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await server.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        // The provider is stopped and freed by the sidecar's own shutdown (SidecarOrchestrationService.StopAsync),
        // which may still be running now; only the renewals are ended here.
        _renewing?.Dispose();
        File.Delete(_socketPath);
    }
}
