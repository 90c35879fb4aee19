namespace Nst.Functions.Orchestration;

/// <summary>The durable names: the orchestrator, its activities and its event. Both hosts register these names.</summary>
public static class TaskNames
{
    public const string StyleJob = "StyleJob";
    public const string PrepareDrop = "PrepareDrop";
    public const string RunChunk = "RunChunk";
    public const string FinishJob = "FinishJob";
    public const string SendWebhook = "SendWebhook";

    /// <summary>The external event that asks a job to stop at its next chunk boundary.</summary>
    public const string CancelEvent = "cancel";
}
