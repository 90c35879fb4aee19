using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class DeliverWebhookTests
{
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private const string ConfiguredUrl = "https://hooks.example.com/nst";
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);

    private static (DeliverWebhook Function, FakeHttpHandler Http, FakeTimeProvider Clock) Create(bool allowPrivate = false)
    {
        var http = new FakeHttpHandler();
        var clock = new FakeTimeProvider(Start);
        var settings = new WebhookSettings { Url = ConfiguredUrl, Secret = Secret, AllowPrivateNetworks = allowPrivate };
        var options = new WebhookDeliveryOptions();
        var sender = new WebhookSender(settings, options, trustedHandler: http);
        return (new DeliverWebhook(sender, options, clock, NullLogger<DeliverWebhook>.Instance), http, clock);
    }

    private static async Task<QueueTriggerMessage> MessageAsync(string url, long dequeueCount = 1)
    {
        var queue = new RecordingQueue();
        var body = new JsonObject { ["type"] = "nst.job.succeeded", ["data"] = new JsonObject { ["jobId"] = "01jq" } };
        await WebhookQueue.EnqueueAsync(queue, url, body, "msg_01jq_succeeded", CancellationToken.None);
        return new QueueTriggerMessage("q1", queue.Sent[0], dequeueCount);
    }

    [Fact]
    public async Task HandleAsync_Answer2xx_SendsSignedBodyWithStandardHeaders()
    {
        var (function, http, _) = Create();
        http.Respond(HttpStatusCode.NoContent);

        await function.HandleAsync(await MessageAsync(ConfiguredUrl), CancellationToken.None);

        var request = Assert.Single(http.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(ConfiguredUrl, request.Uri.AbsoluteUri);
        Assert.Equal("msg_01jq_succeeded", request.Headers["webhook-id"]);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(), request.Headers["webhook-timestamp"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        var verifier = new WebhookVerifier(Secret, new FakeTimeProvider(Start));
        Assert.True(verifier.Verify(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], Encoding.UTF8.GetBytes(request.Body!)));
    }

    [Fact]
    public async Task HandleAsync_FailingAttempts_ThrowRetryAfterWithGrowingDelaySameIdFreshTimestamp()
    {
        var (function, http, clock) = Create();
        var delays = new List<TimeSpan>();
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            http.Respond(HttpStatusCode.ServiceUnavailable);
            var e = await Assert.ThrowsAsync<RetryAfterException>(async () => await function.HandleAsync(await MessageAsync(ConfiguredUrl, attempt), CancellationToken.None));
            delays.Add(e.Delay);
            // The next attempt happens when the message becomes visible again.
            await Task.Delay(e.Delay, clock);
        }

        Assert.Equal([5, 10, 20, 40], delays.Select(d => d.TotalSeconds));
        Assert.Equal(["msg_01jq_succeeded"], http.Requests.Select(r => r.Headers["webhook-id"]).Distinct());
        long[] stamps = http.Requests.Select(r => long.Parse(r.Headers["webhook-timestamp"])).ToArray();
        Assert.Equal([0, 5, 15, 35], stamps.Select(s => s - Start.ToUnixTimeSeconds()));
        Assert.Single(http.Requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task HandleAsync_NetworkError_ThrowsRetryAfter()
    {
        var (function, http, _) = Create();
        http.Fail(new HttpRequestException("connection refused"));
        var e = await Assert.ThrowsAsync<RetryAfterException>(async () => await function.HandleAsync(await MessageAsync(ConfiguredUrl, 2), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(10), e.Delay);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("ftp://hooks.example.com/hook")]
    [InlineData("file:///etc/passwd")]
    public async Task HandleAsync_PerJobUrlRefused_CompletesWithoutRetryOrRequest(string url)
    {
        var (function, http, _) = Create();
        await function.HandleAsync(await MessageAsync(url), CancellationToken.None);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task HandleAsync_MalformedMessage_Throws()
    {
        var (function, _, _) = Create();
        await Assert.ThrowsAsync<InvalidDataException>(() => function.HandleAsync(new QueueTriggerMessage("q", BinaryData.FromString("{}"), 1), CancellationToken.None));
    }
}
