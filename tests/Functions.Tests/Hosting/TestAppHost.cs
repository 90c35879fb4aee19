using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting;

/// <summary>The real app (<see cref="NstApp"/>) started in-process against the shared Azurite, with its own name prefix.</summary>
public sealed class TestAppHost : IAsyncDisposable
{
    private TestAppHost(WebApplication app, Uri baseAddress, string prefix)
    {
        App = app;
        BaseAddress = baseAddress;
        Prefix = prefix;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string Prefix { get; }

    public PipelineResources Resources => (PipelineResources)App.Services.GetService(typeof(PipelineResources))!;

    /// <summary>A fresh Nst:NamePrefix: lower-case letters and digits, at most 20.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<TestAppHost> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?> settings, bool customHandler = false)
    {
        string prefix = NewPrefix();
        var all = new Dictionary<string, string?>(settings)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Nst:NamePrefix"] = prefix,
        };
        int? port = customHandler ? FreePort() : null;
        if (port is int p)
        {
            all[HostMode.PortSetting] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            all["urls"] = "http://127.0.0.1:0";
        }

        WebApplication app = NstApp.Build([], all);
        await app.StartAsync();
        var address = new Uri(port is int bound ? $"http://127.0.0.1:{bound}" : app.Urls.First());
        return new TestAppHost(app, address, prefix);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
