using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>
/// Retries 408, 429, 500, 502, 503, 504 and transport failures with exponential backoff (±20% jitter, capped, and never
/// shorter than the service's Retry-After), waiting on the injected <see cref="TimeProvider"/> so tests can use a fake clock.
/// </summary>
internal sealed class StorageRetryPolicy(RetryOptions options, TimeProvider timeProvider) : HttpPipelinePolicy
{
    private static readonly int[] RetriableStatuses = [408, 429, 500, 502, 503, 504];

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: true);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    internal static bool IsRetriable(Response response) => RetriableStatuses.Contains(response.Status);

    private async ValueTask ProcessCoreAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        for (int attempt = 0; ; attempt++)
        {
            bool lastAttempt = attempt >= options.MaxRetries;
            try
            {
                if (async)
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                else
                {
                    ProcessNext(message, pipeline);
                }
            }
            catch (Exception ex) when (!lastAttempt && IsTransportFailure(ex, message.CancellationToken))
            {
                await WaitAsync(NextDelay(attempt, retryAfter: null), async, message.CancellationToken).ConfigureAwait(false);
                continue;
            }

            if (lastAttempt || !IsRetriable(message.Response))
            {
                return;
            }

            TimeSpan? retryAfter = RetryAfter(message.Response);
            message.Response.ContentStream?.Dispose();
            await WaitAsync(NextDelay(attempt, retryAfter), async, message.CancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        RequestFailedException { Status: 0 } => true,
        IOException or HttpRequestException => true,
        OperationCanceledException => true, // a network timeout, not the caller's token
        _ => false,
    };

    internal TimeSpan NextDelay(int attempt, TimeSpan? retryAfter)
    {
        double baseMs = options.Delay.TotalMilliseconds;
        double ms = options.Mode == RetryMode.Exponential ? baseMs * Math.Pow(2, attempt) : baseMs;
        ms *= 0.8 + (0.4 * Random.Shared.NextDouble());
        var delay = TimeSpan.FromMilliseconds(Math.Min(ms, options.MaxDelay.TotalMilliseconds));
        return retryAfter is { } after && after > delay ? after : delay;
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out string? ms) || response.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
        {
            return double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? TimeSpan.FromMilliseconds(value) : null;
        }

        if (response.Headers.TryGetValue("Retry-After", out string? seconds))
        {
            return int.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? TimeSpan.FromSeconds(value) : null;
        }

        return null;
    }

    private async ValueTask WaitAsync(TimeSpan delay, bool async, CancellationToken cancellationToken)
    {
        Task wait = Task.Delay(delay, timeProvider, cancellationToken);
        if (async)
        {
            await wait.ConfigureAwait(false);
        }
        else
        {
            wait.GetAwaiter().GetResult();
        }
    }
}
