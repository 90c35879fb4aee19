using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chunks;

/// <summary>The JSON report written beside a result: inputs, options, iterations, losses, timings, model and fingerprint.</summary>
public static class JobReport
{
    public static BinaryData Build(JobSpec spec, JobState state, IReadOnlyDictionary<string, string> options, int width, int height, string fingerprint, string modelSource)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        var report = new JsonObject
        {
            ["jobId"] = spec.Id,
            ["input"] = spec.Source.Blob ?? spec.ContentName,
            ["styles"] = Node(spec.Styles.Select(s => new { name = s.Display, weight = s.Weight })),
            ["output"] = spec.Output,
            ["width"] = width,
            ["height"] = height,
            ["options"] = Node(options),
            ["iterations"] = state.Progress.Iteration,
            ["scales"] = state.Progress.Scales,
            ["losses"] = Node(state.Progress.Losses),
            ["best"] = Node(state.Progress.Best),
            ["final"] = Node(state.Progress.Final),
            ["history"] = Node(state.Progress.History),
            ["timings"] = Node(state.Timings with { }) is JsonObject timings ? AddChunks(timings, state.Progress.Chunk) : null,
            ["model"] = spec.Model,
            ["modelSource"] = modelSource,
            ["fingerprint"] = fingerprint,
            ["createdAt"] = spec.CreatedAt,
            ["startedAt"] = state.StartedAt,
        };
        return BinaryData.FromString(report.ToJsonString(JobJson.Indented));
    }

    private static JsonObject AddChunks(JsonObject timings, int chunks)
    {
        timings["chunks"] = chunks;
        return timings;
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, JobJson.Options);
}
