using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

/// <summary>
/// One delivery attempt through the real sender, to the operator's URL over a fake handler (the sender's trusted
/// path) or to a per-job URL that the connect-time guard refuses before any connection.
/// </summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private const string OperatorUrl = "https://operator.example.com/nst/hooks";
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);
    private static readonly WebhookRequest Request = new("msg_7ybq1hmz6zpweg1tc4c9927z2v_succeeded", OperatorUrl, """{"type":"nst.job.succeeded","data":{"jobId":"7ybq1hmz6zpweg1tc4c9927z2v"}}""");

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly List<IDisposable> _disposables = [];

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    private WebhookDelivery Delivery(HttpMessageHandler trusted, TimeSpan? timeout = null)
    {
        var settings = new NstSettings { Webhook = new WebhookSettings { Url = OperatorUrl, Secret = Secret, Timeout = timeout ?? TimeSpan.FromSeconds(10) } };
        var sender = new WebhookSender(Options.Create(settings), new WebhookConnectGuard((_, _) => throw new InvalidOperationException("DNS must not be asked.")), trusted);
        _disposables.Add(sender);
        return new WebhookDelivery(sender, _clock, NullLogger<WebhookDelivery>.Instance);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.Accepted)]
    public async Task SendAsync_2xx_Delivered(HttpStatusCode status)
    {
        var handler = new FakeHttpHandler().Respond(status);

        WebhookAttempt attempt = await Delivery(handler).SendAsync(Request);

        Assert.Equal(new WebhookAttempt(true, false, (int)status, null), attempt);
    }

    [Fact]
    public async Task SendAsync_Sent_PostsTheBodyWithStandardWebhookHeadersThatVerify()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.OK);

        await Delivery(handler).SendAsync(Request);

        FakeHttpHandler.RecordedRequest sent = Assert.Single(handler.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(new Uri(OperatorUrl), sent.Uri);
        Assert.Equal(Request.Body, sent.Body);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(Request.Id, sent.Headers[WebhookHeaders.Id]);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), sent.Headers[WebhookHeaders.Timestamp]);
        var verifier = new WebhookVerifier(Secret, _clock);
        Assert.True(verifier.Verify(sent.Headers[WebhookHeaders.Id], sent.Headers[WebhookHeaders.Timestamp], sent.Headers[WebhookHeaders.Signature], System.Text.Encoding.UTF8.GetBytes(sent.Body!)));
        Assert.False(verifier.Verify(sent.Headers[WebhookHeaders.Id], sent.Headers[WebhookHeaders.Timestamp], sent.Headers[WebhookHeaders.Signature], System.Text.Encoding.UTF8.GetBytes(sent.Body + " ")));
    }

    [Fact]
    public async Task SendAsync_500_FailedAttemptWithTheStatus()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.InternalServerError);

        WebhookAttempt attempt = await Delivery(handler).SendAsync(Request);

        Assert.False(attempt.Delivered);
        Assert.False(attempt.Refused);
        Assert.Equal(500, attempt.Status);
        Assert.Contains("500", attempt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Redirect_FailedAttemptNotFollowed()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.Found, configure: r => r.Headers.Location = new Uri("http://169.254.169.254/"));

        WebhookAttempt attempt = await Delivery(handler).SendAsync(Request);

        Assert.Equal((false, false, 302), (attempt.Delivered, attempt.Refused, attempt.Status));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_NoAnswerInTime_FailedAttemptTimedOut()
    {
        WebhookAttempt attempt = await Delivery(new HangingHandler(), TimeSpan.FromMilliseconds(100)).SendAsync(Request);

        Assert.Equal(new WebhookAttempt(false, false, null, "timed out"), attempt);
    }

    [Fact]
    public async Task SendAsync_ConnectionFails_FailedAttemptWithTheError()
    {
        var handler = new FakeHttpHandler().Fail(new HttpRequestException("Connection refused (operator.example.com:443)"));

        WebhookAttempt attempt = await Delivery(handler).SendAsync(Request);

        Assert.Equal((false, false, (int?)null), (attempt.Delivered, attempt.Refused, attempt.Status));
        Assert.Contains("Connection refused", attempt.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://169.254.169.254/latest")]
    public async Task SendAsync_PerJobUrlOnAPrivateAddress_RefusedBeforeConnecting(string url)
    {
        var handler = new FakeHttpHandler();

        WebhookAttempt attempt = await Delivery(handler).SendAsync(Request with { Url = url });

        Assert.True(attempt.Refused);
        Assert.False(attempt.Delivered);
        Assert.NotNull(attempt.Error);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("ftp://93.184.216.34/hook")]
    [InlineData("https://user:pw@93.184.216.34/hook")]
    [InlineData("not a url")]
    public async Task SendAsync_PerJobUrlNotAllowed_Refused(string url)
    {
        WebhookAttempt attempt = await Delivery(new FakeHttpHandler()).SendAsync(Request with { Url = url });

        Assert.True(attempt.Refused);
    }

    /// <summary>Never answers; ends only when the request is cancelled (the client's timeout).</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
