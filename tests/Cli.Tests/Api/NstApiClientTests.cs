using System.Net;
using System.Net.Sockets;
using Nst.Cli.Api;
using Nst.Engine;

namespace Nst.Cli.Tests.Api;

public sealed class NstApiClientTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071/")]
    [InlineData("https://nst.example.net/", "https://nst.example.net/")]
    [InlineData("http://host:8080/base", "http://host:8080/base/")]
    public void ParseServer_HttpUrl_KeepsItWithTrailingSlash(string value, string expected) =>
        Assert.Equal(expected, NstApiClient.ParseServer(value).ToString());

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("127.0.0.1:7071")]
    [InlineData("")]
    public void ParseServer_NotAnHttpUrl_ThrowsNamingTheOption(string value)
    {
        var e = Assert.Throws<NstException>(() => NstApiClient.ParseServer(value));
        Assert.StartsWith("--server must be an http(s) URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJob_NothingListening_SaysWhichUrlAndHowToStartIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // the port is now (almost certainly) closed
        using var client = new NstApiClient(new Uri($"http://127.0.0.1:{port}/"), apiKey: null);

        var e = await Assert.ThrowsAsync<NstException>(() => client.GetJobAsync("x", CancellationToken.None));

        Assert.Contains($"http://127.0.0.1:{port}/", e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/run.sh", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DescribeFailure_ApiErrorJson_IsTheServersMessage() =>
        Assert.Equal("Style 'x' is not in the style library.",
            NstApiClient.DescribeFailure(HttpStatusCode.BadRequest, """{"error":{"code":"unknown_style","message":"Style 'x' is not in the style library."}}"""));

    [Fact]
    public void DescribeFailure_Unauthorized_TellsHowToPassTheKey() =>
        Assert.Contains("--api-key or set NST_API_KEY", NstApiClient.DescribeFailure(HttpStatusCode.Unauthorized, """{"error":{"code":"unauthorized","message":"needs a key"}}"""), StringComparison.Ordinal);

    [Fact]
    public void DescribeFailure_NotOurErrorShape_IsTheStatusLine() =>
        Assert.Equal("HTTP 502 BadGateway", NstApiClient.DescribeFailure(HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

    [Fact]
    public async Task GetJob_ApiKeyGiven_SendsItInTheHeader()
    {
        using var server = new FakeServer((_, _) => FakeServer.Json("""{"id":"j1","status":"queued"}"""));
        using var client = new NstApiClient(new Uri("http://nst.test/"), "k3y", server);

        var job = await client.GetJobAsync("j1", CancellationToken.None);

        Assert.Equal("queued", job.Status);
        var request = Assert.Single(server.Requests).Request;
        Assert.Equal("http://nst.test/api/jobs/j1", request.RequestUri!.ToString());
        Assert.Equal("k3y", request.Headers.GetValues("x-api-key").Single());
    }
}
