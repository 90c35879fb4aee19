using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Storage.Pipeline;

public sealed class StorageRetryPolicyTests
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Send_TransientStatusThenSuccess_RetriesAndSucceeds(HttpStatusCode transient)
    {
        var (handler, clock, store) = NewStore(maxRetries: 3);
        handler.Respond(transient).Respond(transient).Respond(HttpStatusCode.OK, configure: WithLength(42));

        BlobProperties? properties = await store.GetPropertiesAsync("c", "b");

        Assert.Equal(42, properties!.ContentLength);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, clock.Delays.Count);
    }

    [Fact]
    public async Task Send_RepeatedFailures_BacksOffExponentiallyWithinJitterAndCap()
    {
        var (handler, clock, store) = NewStore(maxRetries: 4, delay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(5));
        for (int i = 0; i < 5; i++)
        {
            handler.Respond(HttpStatusCode.ServiceUnavailable);
        }

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetPropertiesAsync("c", "b"));

        Assert.Equal(503, error.Status);
        Assert.Equal(5, handler.Requests.Count);
        double[] seconds = clock.Delays.Select(d => d.TotalSeconds).ToArray();
        Assert.Equal(4, seconds.Length);
        Assert.InRange(seconds[0], 0.8, 1.2);
        Assert.InRange(seconds[1], 1.6, 2.4);
        Assert.InRange(seconds[2], 3.2, 4.8);
        Assert.InRange(seconds[3], 4.0, 5.0); // 8 s ± 20% capped at 5 s
    }

    [Fact]
    public async Task Send_EachRetry_IsStampedAndSignedWithTheClockTimeAfterTheDelay()
    {
        var (handler, clock, store) = NewStore(maxRetries: 1, delay: TimeSpan.FromSeconds(10));
        handler.Respond(HttpStatusCode.InternalServerError).Respond(HttpStatusCode.OK);

        await store.GetPropertiesAsync("c", "b");

        DateTimeOffset first = DateTimeOffset.Parse(handler.Requests[0].Headers["x-ms-date"], System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset second = DateTimeOffset.Parse(handler.Requests[1].Headers["x-ms-date"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Start, first);
        Assert.Equal(Math.Floor(clock.Delays[0].TotalSeconds), (second - first).TotalSeconds);
        Assert.NotEqual(handler.Requests[0].Headers["Authorization"], handler.Requests[1].Headers["Authorization"]);
        Assert.Equal(handler.Requests[0].Headers["x-ms-client-request-id"], handler.Requests[1].Headers["x-ms-client-request-id"]);
    }

    [Fact]
    public async Task Send_TransportErrorThenSuccess_Retries()
    {
        var (handler, clock, store) = NewStore(maxRetries: 2);
        handler.Fail(new HttpRequestException("connection reset")).Respond(HttpStatusCode.OK);

        await store.GetPropertiesAsync("c", "b");

        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(clock.Delays);
    }

    [Fact]
    public async Task Send_RetryAfterLongerThanBackoff_WaitsRetryAfter()
    {
        var (handler, clock, store) = NewStore(maxRetries: 1, delay: TimeSpan.FromMilliseconds(100));
        handler.Respond(HttpStatusCode.TooManyRequests, configure: r => r.Headers.Add("Retry-After", "7")).Respond(HttpStatusCode.OK);

        await store.GetPropertiesAsync("c", "b");

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(clock.Delays));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    public async Task Send_NonTransientStatus_DoesNotRetryAndThrowsWithErrorCode(HttpStatusCode status)
    {
        var (handler, clock, store) = NewStore(maxRetries: 3);
        handler.Respond(status, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>SomeCode</Code><Message>It went wrong.\nRequestId:1</Message></Error>");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => store.DownloadContentAsync("c", "b"));

        Assert.Equal((int)status, error.Status);
        Assert.Equal("SomeCode", error.ErrorCode);
        Assert.Contains("It went wrong.", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Send_CancelledToken_StopsWithoutRetrying()
    {
        var (handler, _, store) = NewStore(maxRetries: 3);
        handler.Respond(HttpStatusCode.OK);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetPropertiesAsync("c", "b", cancelled.Token));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Send_CancelledDuringBackoff_StopsWithoutRetrying()
    {
        var (handler, clock, store) = NewStore(maxRetries: 3);
        using var cancel = new CancellationTokenSource();
        handler.Respond(HttpStatusCode.ServiceUnavailable, configure: _ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetPropertiesAsync("c", "b", cancel.Token));

        Assert.Single(handler.Requests);
    }

    private static Action<HttpResponseMessage> WithLength(long length) =>
        r => r.Content.Headers.ContentLength = length;

    private static (FakeHttpHandler Handler, FakeTimeProvider Clock, BlobStore Store) NewStore(
        int maxRetries, TimeSpan? delay = null, TimeSpan? maxDelay = null)
    {
        var handler = new FakeHttpHandler();
        var clock = new FakeTimeProvider(Start);
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)), TimeProvider = clock };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = delay ?? TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = maxDelay ?? TimeSpan.FromSeconds(30);
        return (handler, clock, new BlobStore(StorageConnection.Development(), options));
    }
}
