using System.Net;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyTests(AzuriteFixture azurite)
{
    private const string Key = "s3cret-key";

    private Task<ApiTestHost> StartAsync() =>
        ApiTestHost.StartAsync(azurite, new Dictionary<string, string?> { ["Nst:ApiKey"] = Key });

    [Theory]
    [InlineData("GET", "api/jobs")]
    [InlineData("GET", "api/styles")]
    [InlineData("GET", "api/jobs/0000000000000000000000zzzz")]
    [InlineData("POST", "api/jobs")]
    [InlineData("POST", "api/jobs/0000000000000000000000zzzz/cancel")]
    public async Task ApiRoute_KeySetButNotSent_Returns401ErrorJson(string method, string path)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JobsApiTests.JsonAsync(response))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiRoute_WrongKey_Returns401()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/jobs") { Headers = { { "x-api-key", Key + "x" } } };

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ApiRoute_KeyInHeaderOrCodeQuery_IsServed()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/jobs") { Headers = { { "x-api-key", Key } } };

        using var byHeader = await host.Client.SendAsync(request);
        using var byQuery = await host.Client.GetAsync($"api/jobs?code={Key}");

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Theory]
    [InlineData("", "text/html")]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Page_KeySet_StaysPublic(string path, string contentType)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }
}
