using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Hosting;

namespace Nst.Functions.Tests.Hosting;

public sealed class LocalTriggerHostTests
{
    [Fact]
    public async Task StartAsync_StorageUnreachable_AppStillServesAndKeepsTrying()
    {
        // A port nobody listens on: the storage account is "down" (Azurite not started yet).
        int closed = TestAppHost.FreePort();
        var app = NstApp.Build([], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1",
            ["urls"] = "http://127.0.0.1:0",
        });
        await app.StartAsync();
        try
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient();
            var response = await http.GetAsync(new Uri(new Uri(address), "/healthz"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
