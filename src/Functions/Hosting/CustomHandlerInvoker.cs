using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Hosting;

/// <summary>
/// Runs a queue function for the Functions host: parses the invocation, calls the handler and answers
/// <c>{"Outputs": {}, "Logs": [...], "ReturnValue": null}</c> — 200 when it completed, 500 when the attempt failed (the
/// host then applies host.json's visibilityTimeout and maxDequeueCount), 400 for a payload it cannot read. For a
/// <see cref="RetryAfterException"/> before the last attempt it first sets the message's visibility to the requested
/// delay with the pop receipt the host sent; the host's own release then finds a stale pop receipt, which it ignores,
/// so the function's backoff wins.
/// </summary>
public sealed class CustomHandlerInvoker(Func<string, IQueue> queueFor, QueueHostOptions options, ILogger<CustomHandlerInvoker> logger)
{
    public async Task InvokeAsync(IQueueFunction function, HttpContext context)
    {
        var logs = new List<string>();
        int status;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            CustomHandlerRequest request = CustomHandlerRequest.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            status = await RunAsync(function, request, logs, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            logger.LogWarning("{Function}: unreadable invocation: {Error}", function.Name, e.Message);
            logs.Add($"{function.Name}: unreadable invocation: {e.Message}");
            status = StatusCodes.Status400BadRequest;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var answer = new JsonObject
        {
            ["Outputs"] = new JsonObject(),
            ["Logs"] = new JsonArray(logs.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["ReturnValue"] = null,
        };
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<int> RunAsync(IQueueFunction function, CustomHandlerRequest request, List<string> logs, CancellationToken cancellationToken)
    {
        QueueTriggerMessage message = request.Message;
        try
        {
            // Off the request thread: chunks are CPU-bound.
            await Task.Run(() => function.HandleAsync(message, cancellationToken), cancellationToken).ConfigureAwait(false);
            logs.Add($"{function.Name} completed message {message.Id} (attempt {message.DequeueCount}).");
            return StatusCodes.Status200OK;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "{Function} failed on message {MessageId}, attempt {Attempt}", function.Name, message.Id, message.DequeueCount);
            logs.Add($"{function.Name} failed on message {message.Id} (attempt {message.DequeueCount}): {e.Message}");
            if (e is RetryAfterException retry && message.DequeueCount < options.MaxDequeueCount && request.PopReceipt is { Length: > 0 } pop && message.Id.Length > 0)
            {
                await DelayRetryAsync(function, message.Id, pop, retry.Delay, logs).ConfigureAwait(false);
            }

            return StatusCodes.Status500InternalServerError;
        }
    }

    private async Task DelayRetryAsync(IQueueFunction function, string messageId, string popReceipt, TimeSpan delay, List<string> logs)
    {
        try
        {
            await queueFor(function.QueueName).UpdateMessageAsync(messageId, popReceipt, delay).ConfigureAwait(false);
            logs.Add($"Next attempt of message {messageId} in {delay}.");
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            // The host's visibilityTimeout applies instead.
            logs.Add($"Could not delay message {messageId}: {e.Message}");
        }
    }
}
