using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Nst.Functions.Tests.Infrastructure;

/// <summary>
/// The published app run as users run it — <c>dotnet Nst.Functions.dll</c>, the local host — in its own process, so a
/// test can kill it with SIGKILL mid-job and start it again. Its stdout and stderr are kept (<see cref="Log"/>).
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private HostProcess(Process process, Uri baseAddress, string name)
    {
        _process = process;
        BaseAddress = baseAddress;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The app the tests' build made (src/Functions, same configuration as the tests).</summary>
    public static string AppDll
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(RepositoryPaths.Root, "src", "Functions", "bin", configuration, "net10.0", "Nst.Functions.dll");
        }
    }

    /// <summary>Starts the app with these settings (environment variables, <c>__</c> for sections) and waits for /healthz.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string name, TimeSpan? patience = null)
    {
        int port = Ports.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["DOTNET_gcServer"] = "0",
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the app."), new Uri($"http://127.0.0.1:{port}"), name);
        await host.WaitUntilHealthyAsync(patience ?? TimeSpan.FromSeconds(60));
        return host;
    }

    public async Task WaitUntilHealthyAsync(TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} was not healthy within {patience}:\n{Log}");
    }

    /// <summary>SIGKILL: no shutdown, no finally, no flushing — a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 9);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
