using System.Text.Json.Nodes;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chain;

/// <summary>The JSON report written beside a result: inputs, options, iterations, losses, timings, model and fingerprint.</summary>
public static class JobReport
{
    public static BinaryData Build(JobRecord job, ChunkResult last, string modelSource)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(last);
        var report = new JsonObject
        {
            ["jobId"] = job.Id,
            ["input"] = job.Source.Blob ?? job.Content,
            ["content"] = job.Content,
            ["styles"] = JsonSerializerNode(job.Styles),
            ["output"] = job.Output,
            ["width"] = last.Width,
            ["height"] = last.Height,
            ["options"] = JsonSerializerNode(job.Options),
            ["iterations"] = job.Progress.Iteration,
            ["scales"] = job.Progress.Scales,
            ["losses"] = JsonSerializerNode(job.Progress.Losses),
            ["history"] = JsonSerializerNode(job.Progress.History),
            ["timings"] = new JsonObject
            {
                ["queuedSeconds"] = job.Timings.QueuedSeconds,
                ["runSeconds"] = job.Timings.RunSeconds,
                ["secondsPerIteration"] = job.Timings.SecondsPerIteration,
                ["chunks"] = job.Progress.Chunk,
            },
            ["model"] = job.Model,
            ["modelSource"] = modelSource,
            ["fingerprint"] = last.Fingerprint,
            ["createdAt"] = job.CreatedAt,
            ["finishedAt"] = job.FinishedAt,
        };
        return BinaryData.FromString(report.ToJsonString(new System.Text.Json.JsonSerializerOptions(JobJson.Options) { WriteIndented = true }));
    }

    private static JsonNode? JsonSerializerNode<T>(T value) => System.Text.Json.JsonSerializer.SerializeToNode(value, JobJson.Options);
}
