using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// One real local host shared by every case of a test class (an xunit class fixture; xunit 2 gives a class fixture no
/// collection fixture, so the host starts on the first case's call with the collection's Azurite), with a webhook
/// receiver, the host's log captured, and whatever victims the class sets up first.
/// </summary>
public abstract class HostileHost : IAsyncLifetime
{
    /// <summary>A password that must never be seen again once a hostile URL has carried it.</summary>
    public const string Password = "hunter2-9f1c";

    private readonly Lock _gate = new();
    private Task<TestAppHost>? _starting;
    private TestAppHost? _host;

    public WebhookReceiver Receiver { get; } = new();

    public LogCapture Logs { get; } = new();

    public TestAppHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The class's host, started (and set up) by the first case that asks; a failed start is tried again.</summary>
    public Task<TestAppHost> StartAsync(AzuriteFixture azurite)
    {
        lock (_gate)
        {
            if (_starting is null || _starting.IsFaulted || _starting.IsCanceled)
            {
                _starting = StartNewAsync(azurite);
            }

            return _starting;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Receiver.Dispose();
    }

    /// <summary>Whether every job of this host has a webhook (the operator's), so a job has settled only once it is done with.</summary>
    protected virtual bool EveryJobHasWebhook => false;

    /// <summary>Waits until the job has ended and its webhook, if it has one, is done with (delivered, failed or refused).</summary>
    public Task<JsonElement> WaitSettledAsync(string id) => WaitForAsync(id, job =>
        job.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled"
        && job.GetProperty("webhook") is var hook
        && (hook.ValueKind == JsonValueKind.Object ? hook.GetProperty("state").GetString() != "pending" : !EveryJobHasWebhook));

    /// <summary>Polls the job (every 50 ms: cases are many and short) until <paramref name="done"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(TestAppHost.Patience);
        JsonElement? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await Host.JobAsync(id);
            if (last is { } job && done(job))
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Job {id} did not get there in time; last seen: {last?.ToString() ?? "(none)"}");
    }

    /// <summary>The webhook body the receiver got for <paramref name="id"/>'s end.</summary>
    public async Task<JsonElement> WebhookForAsync(string id)
    {
        WebhookReceiver.Received received = await Receiver.WaitForAsync(r => r.Id?.StartsWith($"msg_{id}_", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(received.Body).RootElement.Clone();
    }

    /// <summary>Asserts the password of <see cref="Password"/> appears in no log line.</summary>
    public void AssertPasswordNeverLogged()
    {
        IReadOnlyList<string> leaked = Logs.Containing(Password);
        Assert.True(leaked.Count == 0, "The host logged a webhook password:\n" + string.Join("\n", leaked));
    }

    protected abstract IReadOnlyDictionary<string, string?> Settings();

    private async Task<TestAppHost> StartNewAsync(AzuriteFixture azurite)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Nst:ChunkSeconds"] = "0.2",
            ["Nst:LocalHost:ScanInterval"] = "00:00:00.05",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:00.1",
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        TestAppHost host = await TestAppHost.StartAsync(azurite, settings, logs: Logs);
        _host = host;
        try
        {
            await SetUpAsync(host);
            return host;
        }
        catch
        {
            _host = null;
            await host.DisposeAsync();
            throw;
        }
    }

    protected virtual Task SetUpAsync(TestAppHost host) => Task.CompletedTask;
}
