using System.Diagnostics;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// The fake activities of one job: what each does (replaceable per test) and every call they received, in order,
/// with the attempt number and when it came (a monotonic timestamp, for gaps between calls).
/// </summary>
public sealed class JobScript(string jobId)
{
    private readonly Lock _gate = new();
    private readonly List<ActivityCall> _calls = [];

    public string JobId { get; } = jobId;

    public Func<DropRequest, Task<PrepareResult>> Prepare { get; set; } = _ => throw new InvalidOperationException("PrepareDrop was not expected.");

    /// <summary>Runs a chunk; the second argument is the attempt at that chunk (1 for the first).</summary>
    public Func<ChunkRequest, int, Task<ChunkOutcome>> Chunk { get; set; } = (_, _) => throw new InvalidOperationException("RunChunk was not expected.");

    public Func<FinishRequest, Task<FinishOutcome>> Finish { get; set; } = _ => Task.FromResult(new FinishOutcome(64, 48, null));

    /// <summary>Sends a webhook; the second argument is the attempt (1 for the first).</summary>
    public Func<WebhookRequest, int, Task<WebhookAttempt>> Webhook { get; set; } = (_, _) => Task.FromResult(new WebhookAttempt(true, false, 200, null));

    public IReadOnlyList<ActivityCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ChunkRequest> ChunkRequests => Of<ChunkRequest>(TaskNames.RunChunk);

    public IReadOnlyList<DropRequest> PrepareRequests => Of<DropRequest>(TaskNames.PrepareDrop);

    public IReadOnlyList<FinishRequest> FinishRequests => Of<FinishRequest>(TaskNames.FinishJob);

    public IReadOnlyList<WebhookRequest> WebhookRequests => Of<WebhookRequest>(TaskNames.SendWebhook);

    internal Task<PrepareResult> PrepareAsync(DropRequest request)
    {
        Record(TaskNames.PrepareDrop, request, _ => true);
        return Prepare(request);
    }

    internal Task<ChunkOutcome> ChunkAsync(ChunkRequest request)
    {
        int attempt = Record(TaskNames.RunChunk, request, c => ((ChunkRequest)c.Request).Chunk == request.Chunk);
        return Chunk(request, attempt);
    }

    internal Task<FinishOutcome> FinishAsync(FinishRequest request)
    {
        Record(TaskNames.FinishJob, request, _ => true);
        return Finish(request);
    }

    internal Task<WebhookAttempt> WebhookAsync(WebhookRequest request)
    {
        int attempt = Record(TaskNames.SendWebhook, request, _ => true);
        return Webhook(request, attempt);
    }

    // Records the call and returns its attempt number: 1 + earlier calls of the same activity that match.
    private int Record(string activity, object request, Func<ActivityCall, bool> sameTask)
    {
        lock (_gate)
        {
            int attempt = 1 + _calls.Count(c => c.Activity == activity && sameTask(c));
            _calls.Add(new ActivityCall(activity, request, attempt, Stopwatch.GetTimestamp()));
            return attempt;
        }
    }

    private List<T> Of<T>(string activity) => Calls.Where(c => c.Activity == activity).Select(c => (T)c.Request).ToList();
}

/// <summary>One call of a fake activity; <see cref="Timestamp"/> is <see cref="Stopwatch.GetTimestamp"/>.</summary>
public sealed record ActivityCall(string Activity, object Request, int Attempt, long Timestamp);
