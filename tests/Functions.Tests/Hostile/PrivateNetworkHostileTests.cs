using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// With <c>Nst:Webhook:AllowPrivateNetworks</c> the operator lets per-job webhooks reach private addresses — a receiver
/// on loopback is accepted and reached — but credentials in a URL and schemes other than http(s) are still refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivateNetworkHostileTests(AzuriteFixture azurite, PrivateNetworkHostileTests.Host fixture) : IClassFixture<PrivateNetworkHostileTests.Host>
{
    [Fact]
    public async Task Submit_LoopbackWebhookWhenAllowed_IsAcceptedAndDelivered()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        using HttpResponseMessage response = await PostAsync(host, fixture.Receiver.Url);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement job = await fixture.WaitForAsync(id, j => j.GetProperty("webhook") is { ValueKind: JsonValueKind.Object } h && h.GetProperty("state").GetString() != "pending");
        Assert.Equal("delivered", job.GetProperty("webhook").GetProperty("state").GetString());
        Assert.Equal("nst.job.succeeded", (await fixture.WebhookForAsync(id)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("http://user:" + HostileHost.Password + "@127.0.0.1:9/hook", "credentials")]
    [InlineData("http://" + HostileHost.Password + "@10.0.0.1/hook", "credentials")]
    [InlineData("file:///etc/passwd", "http(s)")]
    [InlineData("gopher://127.0.0.1:6379/_FLUSHALL", "http(s)")]
    public async Task Submit_CredentialsOrOtherSchemesWhenAllowed_AreStill400(string url, string fragment)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        using HttpResponseMessage response = await PostAsync(host, url);

        string body = await response.Content.ReadAsStringAsync();
        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_webhook", error.GetProperty("code").GetString());
        Assert.Contains(fragment, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(HostileHost.Password, body, StringComparison.Ordinal);
        fixture.AssertPasswordNeverLogged();
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    private static async Task<HttpResponseMessage> PostAsync(TestAppHost host, string webhook)
    {
        using MultipartFormDataContent form = Forms.Job(TestImages.Png(40, 30, 31), ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "1"), ("webhook", webhook));
        return await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form);
    }

    /// <summary>Private networks allowed for per-job webhooks; no operator webhook.</summary>
    public sealed class Host : HostileHost
    {
        protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
        {
            ["Nst:Webhook:AllowPrivateNetworks"] = "true",
        };

        protected override Task SetUpAsync(TestAppHost host) => host.UploadStyleAsync(InboxHost.Style);
    }
}
