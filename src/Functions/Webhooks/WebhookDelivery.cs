using Microsoft.Extensions.Logging;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Webhooks;

/// <summary>
/// The <see cref="TaskNames.SendWebhook"/> activity: one attempt. A 2xx answer is delivered; a URL the address policy
/// refuses is refused (no retry can make it acceptable); any other answer, a timeout or a network error is a failed
/// attempt, which the orchestration retries after a durable timer. Never throws for what the receiver does.
/// </summary>
public sealed class WebhookDelivery(WebhookSender sender, TimeProvider clock, ILogger<WebhookDelivery> logger)
{
    public async Task<WebhookAttempt> SendAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string host = Uri.TryCreate(request.Url, UriKind.Absolute, out Uri? uri) ? uri.Host : "(not a URL)";
        string failure;
        try
        {
            using HttpResponseMessage response = await sender.SendAsync(request.Id, request.Url, request.Body, clock.GetUtcNow().ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Webhook {WebhookId} delivered to {Host} ({Status})", request.Id, host, (int)response.StatusCode);
                return new WebhookAttempt(true, false, (int)response.StatusCode, null);
            }

            failure = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
            logger.LogWarning("Webhook {WebhookId} to {Host} {Failure}", request.Id, host, failure);
            return new WebhookAttempt(false, false, (int)response.StatusCode, failure);
        }
        catch (WebhookRefusedException e)
        {
            logger.LogWarning("Webhook {WebhookId} refused: {Reason}", request.Id, e.Message);
            return new WebhookAttempt(false, true, null, e.Message);
        }
        catch (HttpRequestException e)
        {
            failure = e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "timed out";
        }

        logger.LogWarning("Webhook {WebhookId} to {Host} failed: {Failure}", request.Id, host, failure);
        return new WebhookAttempt(false, false, null, failure);
    }
}
