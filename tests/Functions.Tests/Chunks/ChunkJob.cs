using Nst.Engine.Session;
using Nst.Functions.Chunks;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Chunks;

/// <summary>
/// A job's activities driven the way the orchestration drives them (each chunk resuming the checkpoint the last one
/// wrote, the one before that named obsolete), without the durable engine — so a test can cut, repeat and cool them.
/// </summary>
public sealed class ChunkJob(PipelineServices services, JobSpec spec)
{
    public JobSpec Spec { get; } = spec;

    public List<ChunkOutcome> Outcomes { get; } = [];

    public string? Checkpoint => Outcomes.Count > 0 ? Outcomes[^1].Checkpoint : null;

    public static async Task<ChunkJob> CreateAsync(PipelineServices services, StyleTransferOptions? options = null, string? id = null, int contentSeed = 1)
    {
        id ??= JobId.New(DateTimeOffset.UtcNow);
        var snapshots = services.Get<InputSnapshots>();
        string content = (await snapshots.KeepAsync(new BinaryData(TestImages.Png(44, 32, contentSeed)), "photo.png", id, null, "content", default)).Reference;
        string style = (await snapshots.KeepAsync(new BinaryData(TestImages.Style()), "style.png", id, 0, "style", default)).Reference;
        var spec = new JobSpec
        {
            Id = id,
            CreatedAt = DateTimeOffset.UtcNow,
            ContentName = "photo.png",
            Content = content,
            Styles = [new JobStyle { FileName = "style.png", Blob = style }],
            Output = $"{PipelineNames.OutboxContainer}/api/{id}.png",
            Report = $"{PipelineNames.OutboxContainer}/api/{id}.json",
            OutputOwner = "job:" + id,
            Options = JobOptions.Describe(options ?? JobOptions.PipelineDefaults with { Size = 40, Iterations = [12] }),
            Model = "random:1",
        };
        return new ChunkJob(services, spec);
    }

    /// <summary>Seconds chunks aim at, as the orchestration passes it: above 0 the worker steps ahead between chunks.</summary>
    public double ChunkSeconds { get; set; }

    /// <summary>Runs the next chunk of <paramref name="iterations"/>; <paramref name="cold"/> first empties the worker's session cache.</summary>
    public async Task<ChunkOutcome> RunAsync(int iterations, bool cold = false)
    {
        if (cold)
        {
            await services.Get<SessionCache>().TakeAsync("", null);
        }

        ChunkOutcome outcome = await services.Get<ChunkRunner>().RunAsync(NextRequest(iterations));
        Assert.Null(outcome.Error);
        Outcomes.Add(outcome);
        return outcome;
    }

    public ChunkRequest NextRequest(int iterations) => new(
        Spec,
        Outcomes.Count,
        Checkpoint,
        Outcomes.Count > 0 ? Outcomes[^1].Iteration : 0,
        iterations,
        Outcomes.Count > 1 ? Outcomes[^2].Checkpoint : null,
        ChunkSeconds);

    public async Task RunToEndAsync(IEnumerable<int> chunks, bool cold = false)
    {
        foreach (int n in chunks)
        {
            if ((await RunAsync(n, cold)).Complete)
            {
                return;
            }
        }

        while (Outcomes.Count == 0 || !Outcomes[^1].Complete)
        {
            await RunAsync(1000, cold);
        }
    }

    /// <summary>The final checkpoint's image: the floats the result is rendered from.</summary>
    public async Task<float[]> ImageAsync() => (await services.Get<CheckpointStore>().ReadAsync(Checkpoint!, default)).Checkpoint.Image;
}
