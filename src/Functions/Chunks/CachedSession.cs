using Nst.Engine.Session;

namespace Nst.Functions.Chunks;

/// <summary>
/// A job's session kept in a worker's memory between chunks: at <see cref="Checkpoint"/>, with the pairs known to be
/// stored and the keys the previous checkpoint named (so superseded pairs can be deleted without reading it).
/// </summary>
public sealed class CachedSession(string jobId, StyleTransfer session, ChunkInputs inputs) : IDisposable
{
    public string JobId { get; } = jobId;

    public StyleTransfer Session { get; } = session;

    public ChunkInputs Inputs { get; } = inputs;

    /// <summary>The checkpoint the session is at (null before the first is written).</summary>
    public string? Checkpoint { get; set; }

    /// <summary>Pair keys the session's checkpoint names.</summary>
    public IReadOnlyList<string> CheckpointKeys { get; set; } = [];

    /// <summary>Pair keys stored for the job.</summary>
    public HashSet<string> StoredPairs { get; set; } = new(StringComparer.Ordinal);

    public void Dispose() => Session.Dispose();
}
