namespace Nst.Functions.Pipeline;

/// <summary>The containers and queues of the pipeline (DESIGN.md §3). Bicep creates the same names.</summary>
public static class PipelineNames
{
    public const string StylesContainer = "styles";
    public const string InboxContainer = "inbox";
    public const string OutboxContainer = "outbox";
    public const string JobsContainer = "jobs";
    public const string ModelsContainer = "models";

    public const string InboxQueue = "nst-inbox";
    public const string ChunksQueue = "nst-chunks";
    public const string WebhooksQueue = "nst-webhooks";

    /// <summary>Where a queue's messages go after the last failed attempt.</summary>
    public static string PoisonQueue(string queue) => queue + "-poison";

    public static IReadOnlyList<string> Containers { get; } = [StylesContainer, InboxContainer, OutboxContainer, JobsContainer, ModelsContainer];

    public static IReadOnlyList<string> Queues { get; } = [InboxQueue, ChunksQueue, WebhooksQueue];
}
