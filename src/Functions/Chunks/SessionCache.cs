namespace Nst.Functions.Chunks;

/// <summary>
/// The session of the job this worker ran last, kept so its next chunk skips downloading the checkpoint and
/// rebuilding the targets (seconds per chunk). One entry: a worker runs one chunk at a time, and a session can hold
/// gigabytes. <see cref="Take"/> hands it out only for the exact job and checkpoint it is at.
/// </summary>
public sealed class SessionCache : IDisposable
{
    private readonly object _gate = new();
    private CachedSession? _entry;

    /// <summary>The session at <paramref name="checkpoint"/> of <paramref name="jobId"/>, now the caller's; else null (and any other session is freed).</summary>
    public CachedSession? Take(string jobId, string? checkpoint)
    {
        CachedSession? other;
        lock (_gate)
        {
            if (_entry is { } e && e.JobId == jobId && e.Checkpoint == checkpoint && checkpoint is not null)
            {
                _entry = null;
                return e;
            }

            (other, _entry) = (_entry, null);
        }

        other?.Dispose();
        return null;
    }

    /// <summary>Keeps <paramref name="session"/> for the job's next chunk, freeing whatever was kept before.</summary>
    public void Put(CachedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        CachedSession? previous;
        lock (_gate)
        {
            (previous, _entry) = (_entry, session);
        }

        if (!ReferenceEquals(previous, session))
        {
            previous?.Dispose();
        }
    }

    public void Dispose() => Take("", null);
}
