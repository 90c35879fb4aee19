using System.Text.Json.Nodes;
using Nst.Functions.Storage;

namespace Nst.Functions.Webhooks;

/// <summary>Puts a webhook on <c>nst-webhooks</c> for <see cref="DeliverWebhook"/>.</summary>
public static class WebhookQueue
{
    /// <summary>
    /// Enqueues <c>{"id","url","body"}</c>. The body is serialised now, once, so retries send the same bytes; the id
    /// (e.g. <c>msg_{jobId}_{event}</c>) is the <c>webhook-id</c> of every attempt. Without a URL nothing is sent and
    /// the result is false.
    /// </summary>
    public static async Task<bool> EnqueueAsync(IQueue queue, string? url, JsonObject body, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var message = new JsonObject
        {
            ["id"] = id,
            ["url"] = url,
            ["body"] = body.DeepClone(),
        };
        await queue.SendMessageAsync(BinaryData.FromString(message.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }
}
