using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Functions.Pipeline;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Jobs;

/// <summary>
/// Puts the webhook of a finished job on <c>nst-webhooks</c> (brief contract 5): <c>{"id":"msg_{jobId}_{event}",
/// "url", "body"}</c> with the body fixed now, so every delivery attempt — and any re-enqueue of the same event —
/// sends the same id and bytes. The URL is the job's own, else <c>Nst:Webhook:Url</c>; with neither, nothing is sent.
/// </summary>
public sealed class JobNotifier(PipelineResources resources, IOptions<NstSettings> settings, TimeProvider time, ILogger<JobNotifier> logger)
{
    /// <summary>Enqueues the terminal event of <paramref name="job"/>; false when no URL applies or the job is not finished.</summary>
    public async Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        string? url = job.Webhook.Url ?? settings.Value.Webhook.Url;
        if (!job.Status.IsTerminal() || string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        string eventName = job.Status.ToString().ToLowerInvariant();
        string id = $"msg_{job.Id}_{eventName}";
        await WebhookQueue.EnqueueAsync(resources.Queue(PipelineNames.WebhooksQueue), url, Body(job, eventName), id, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Webhook {WebhookId} for job {JobId} queued", id, job.Id);
        return true;
    }

    /// <summary>The Standard Webhooks body: type, timestamp and the job's outcome.</summary>
    public JsonObject Body(JobRecord job, string eventName)
    {
        ArgumentNullException.ThrowIfNull(job);
        DateTimeOffset finished = job.FinishedAt ?? time.GetUtcNow();
        bool succeeded = job.Status == JobStatus.Succeeded;
        return new JsonObject
        {
            ["type"] = $"nst.job.{eventName}",
            ["timestamp"] = finished.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["jobId"] = job.Id,
                ["input"] = job.Source.Blob ?? job.Content,
                ["style"] = string.Join(",", job.Styles.Select(s => s.Name ?? s.Blob)),
                ["output"] = succeeded ? job.Output : null,
                ["report"] = succeeded ? job.Report : null,
                ["iterations"] = job.Progress.Iteration,
                ["durationSeconds"] = Math.Round((finished - job.CreatedAt).TotalSeconds, 3),
                ["error"] = job.Error is null ? null : new JsonObject { ["code"] = job.Error.Code, ["message"] = job.Error.Message },
            },
        };
    }
}
