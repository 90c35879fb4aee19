namespace Nst.Functions.Hosting;

/// <summary>
/// host.json's <c>extensions.queues</c> settings as the local host honours them. Defaults are the Azure Functions
/// host's own, used when host.json or a setting is missing.
/// </summary>
public sealed record QueueHostOptions
{
    /// <summary>Messages fetched at once and the most handled concurrently per function. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Fetch more when this many or fewer are still running. Default -1: half of <see cref="BatchSize"/>.</summary>
    public int NewBatchThreshold { get; init; } = -1;

    /// <summary>How long a failed message stays invisible before the next attempt. Default 0 (at once).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before the message moves to <c>{queue}-poison</c>. Default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Longest wait between polls of an idle queue; idle polling backs off exponentially up to this. Default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Shortest wait between polls of an idle queue. Default 100 ms (as the Functions host).</summary>
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a received message is hidden while its handler runs; renewed every third of it, so a chunk may run
    /// longer than this. Not a host.json setting. Default 1 minute.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The effective threshold: <see cref="NewBatchThreshold"/>, or half the batch when unset.</summary>
    public int EffectiveNewBatchThreshold => NewBatchThreshold >= 0 ? NewBatchThreshold : BatchSize / 2;
}
