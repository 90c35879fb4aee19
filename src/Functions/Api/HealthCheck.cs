using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Api;

/// <summary>
/// <c>GET /healthz</c>: healthy only when storage answers (the inbox container exists) and the durable engine does
/// (a status query goes through); 503 with what is down otherwise. Each probe gets two seconds.
/// </summary>
public sealed class HealthCheck(PipelineStorage storage)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<IResult> CheckAsync(HttpContext http, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        string storageState = await ProbeAsync(async ct =>
            (await storage.Container(PipelineNames.InboxContainer).ExistsAsync(ct).ConfigureAwait(false)).Value ? null : "the inbox container does not exist", http.RequestAborted).ConfigureAwait(false);
        string durableState = await ProbeAsync(async ct =>
        {
            await client.GetInstanceAsync("healthz-probe", getInputsAndOutputs: false, ct).ConfigureAwait(false);
            return null;
        }, http.RequestAborted).ConfigureAwait(false);
        bool healthy = storageState == "ok" && durableState == "ok";
        return Results.Json(new { status = healthy ? "ok" : "unhealthy", storage = storageState, durable = durableState },
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string> ProbeAsync(Func<CancellationToken, Task<string?>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await probe(timeout.Token).ConfigureAwait(false) ?? "ok";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return timeout.IsCancellationRequested ? "unreachable (timed out)" : $"unreachable: {Quote.Short(e.Message)}";
        }
    }
}
