using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nst.Functions.Tests.Infrastructure;

/// <summary>
/// A real Azurite for integration tests: installs it through scripts/azurite.sh if missing, runs it on free loopback
/// ports with its data in a temporary folder, waits until both services answer, and on dispose sends SIGTERM and waits
/// for the process to exit (Azurite takes about 2 s to close its stores).
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private Process? _process;
    private string? _location;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>Azurite's one account and its well-known key.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A SharedKey connection string for this instance, as Azure tools write it (the durable engine needs all three services).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>A blob client on this instance, at the service version the app pins.</summary>
    public Azure.Storage.Blobs.BlobServiceClient BlobService() => Nst.Functions.Storage.StorageAccount.FromConnectionString(ConnectionString).CreateBlobServiceClient();

    /// <summary>A fresh lower-case name, so tests sharing this instance never see each other's containers or queues.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)];

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        (BlobPort, QueuePort, TablePort) = FreePorts();
        _location = Directory.CreateTempSubdirectory("azurite-").FullName;
        await StartProcessAsync().ConfigureAwait(false);
    }

    /// <summary>Stops Azurite (SIGTERM, then waits), keeping its data: a storage outage.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            _ = Kill(process.Id, Sigterm);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts Azurite again on the same ports with the same data.</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async Task DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { RepositoryPaths.AzuriteScript, "run", _location! },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["AZURITE_BLOB_PORT"] = BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AZURITE_QUEUE_PORT"] = QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AZURITE_TABLE_PORT"] = TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        // The script execs node, so this process is Azurite itself and SIGTERM reaches it.
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnswersAsync().ConfigureAwait(false);
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(RepositoryPaths.ToolsNodeModules, "azurite", "dist", "src", "azurite.js")))
        {
            return;
        }

        using var install = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { RepositoryPaths.AzuriteScript, "install" } })
            ?? throw new InvalidOperationException("Could not run scripts/azurite.sh install.");
        await install.WaitForExitAsync().ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/azurite.sh install failed with exit code {install.ExitCode}.");
        }
    }

    private async Task WaitUntilAnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before answering.");
            }

            if (await AnswersAsync(http, BlobEndpoint).ConfigureAwait(false) && await AnswersAsync(http, QueueEndpoint).ConfigureAwait(false) && await AnswersAsync(http, TableEndpoint).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"Azurite did not answer on ports {BlobPort}/{QueuePort} within {StartTimeout.TotalSeconds} s.");
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri endpoint)
    {
        try
        {
            // Any HTTP answer (an unsigned request gets 403) means the service is listening.
            using var response = await http.GetAsync(new Uri(endpoint + "?comp=list")).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    // Holds all three listeners until each has its port, so the three are distinct.
    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            int[] ports = listeners.Select(l =>
            {
                l.Start();
                return ((IPEndPoint)l.LocalEndpoint).Port;
            }).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
