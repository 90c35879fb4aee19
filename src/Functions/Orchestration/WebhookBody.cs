using System.Globalization;
using System.Text.Json.Nodes;
using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>
/// The Standard Webhooks body for a job's end: type, timestamp and the outcome. Built by the orchestrator from its
/// own state, so every attempt (and every replay) sends the same bytes under the same id.
/// </summary>
public static class WebhookBody
{
    public static string IdFor(string jobId, JobStatus status) => $"msg_{jobId}_{status.ToString().ToLowerInvariant()}";

    public static string Build(JobSpec spec, JobState state)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        DateTimeOffset finished = state.FinishedAt ?? state.UpdatedAt ?? spec.CreatedAt;
        bool succeeded = state.Status == JobStatus.Succeeded;
        var body = new JsonObject
        {
            ["type"] = state.Status.EventName(),
            ["timestamp"] = finished.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["jobId"] = spec.Id,
                ["status"] = state.Status.ToString().ToLowerInvariant(),
                ["input"] = spec.Source.Blob ?? spec.ContentName,
                ["style"] = string.Join(",", spec.Styles.Select(s => s.Display)),
                ["output"] = succeeded ? spec.Output : null,
                ["report"] = succeeded ? spec.Report : null,
                ["iterations"] = state.Progress.Iteration,
                ["durationSeconds"] = Math.Round((finished - spec.CreatedAt).TotalSeconds, 3),
                ["error"] = state.Error is null ? null : new JsonObject { ["code"] = state.Error.Code, ["message"] = state.Error.Message },
            },
        };
        return body.ToJsonString();
    }
}
