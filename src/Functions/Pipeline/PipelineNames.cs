namespace Nst.Functions.Pipeline;

/// <summary>The containers and the queue of the pipeline (DESIGN.md §3). Bicep creates the same names.</summary>
public static class PipelineNames
{
    public const string StylesContainer = "styles";
    public const string InboxContainer = "inbox";
    public const string OutboxContainer = "outbox";
    public const string JobsContainer = "jobs";
    public const string ModelsContainer = "models";

    /// <summary>Where Event Grid puts BlobCreated events of the inbox, for the drop trigger (in Azure; the local host scans).</summary>
    public const string InboxQueue = "nst-inbox";

    public static IReadOnlyList<string> Containers { get; } = [StylesContainer, InboxContainer, OutboxContainer, JobsContainer, ModelsContainer];
}
