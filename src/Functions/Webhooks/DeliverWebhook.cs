using Microsoft.Extensions.Logging;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Webhooks;

/// <summary>
/// The <c>DeliverWebhook</c> queue function: one attempt per dequeue. A 2xx answer completes the message. Any other
/// answer, a timeout or a network error throws <see cref="RetryAfterException"/> with the backoff for this dequeue
/// count (5 s, 10 s, 20 s … capped), which both hosts turn into the message's visibility timeout; after host.json's
/// maxDequeueCount the host moves it to <c>nst-webhooks-poison</c>. A URL the SSRF guard refuses is logged and
/// completed: no retry can make it acceptable.
/// </summary>
public sealed class DeliverWebhook(WebhookSender sender, WebhookDeliveryOptions options, TimeProvider clock, ILogger<DeliverWebhook> logger) : IQueueFunction
{
    public const string FunctionName = "DeliverWebhook";

    public string Name => FunctionName;

    public string QueueName => PipelineNames.WebhooksQueue;

    public async Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        WebhookMessage webhook = WebhookMessage.Parse(message.Body);
        long timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        string failure;
        try
        {
            using HttpResponseMessage response = await sender.SendAsync(webhook, timestamp, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Webhook {WebhookId} delivered to {Url} ({Status}) on attempt {Attempt}",
                    webhook.Id, webhook.Url, (int)response.StatusCode, message.DequeueCount);
                return;
            }

            failure = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (WebhookRefusedException e)
        {
            logger.LogError("Webhook {WebhookId} not delivered: {Reason}", webhook.Id, e.Message);
            return;
        }
        catch (HttpRequestException e)
        {
            failure = e.Message;
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"timed out ({e.Message})";
        }

        TimeSpan delay = options.BackoffAfter(message.DequeueCount);
        logger.LogWarning("Webhook {WebhookId} to {Url} failed on attempt {Attempt}: {Failure}; next attempt in {Delay}",
            webhook.Id, webhook.Url, message.DequeueCount, failure, delay);
        throw new RetryAfterException(delay, $"Webhook {webhook.Id} to {webhook.Url} {failure}.");
    }
}
