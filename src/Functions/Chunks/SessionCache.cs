namespace Nst.Functions.Chunks;

/// <summary>
/// The session of the job this worker ran last, kept so its next chunk skips downloading the checkpoint and
/// rebuilding the targets (seconds per chunk) — and, while the orchestration decides that next chunk, steps ahead on
/// it. One entry: a worker runs one chunk at a time, and a session can hold gigabytes. <see cref="TakeAsync"/> hands
/// it out only for the exact job and checkpoint it is at.
/// </summary>
public sealed class SessionCache : IDisposable
{
    private readonly Lock _gate = new();
    private CachedSession? _entry;

    /// <summary>The session at <paramref name="checkpoint"/> of <paramref name="jobId"/>, now the caller's (no longer stepping ahead); else null, and any other session is freed.</summary>
    public async Task<CachedSession?> TakeAsync(string jobId, string? checkpoint)
    {
        CachedSession? taken;
        lock (_gate)
        {
            (taken, _entry) = (_entry, null);
        }

        if (taken is null)
        {
            return null;
        }

        await taken.StopAheadAsync().ConfigureAwait(false);
        if (taken.JobId == jobId && taken.Checkpoint == checkpoint && checkpoint is not null)
        {
            return taken;
        }

        // A session given up still finishes writing its checkpoint first: the worker that takes the job's next
        // chunk finds it whole, and this worker's next job does not upload beside it.
        await taken.FlushAsync().ConfigureAwait(false);
        taken.Dispose();
        return null;
    }

    /// <summary>The session kept, left in place (for tests and diagnostics).</summary>
    internal CachedSession? Peek()
    {
        lock (_gate)
        {
            return _entry;
        }
    }

    /// <summary>Keeps <paramref name="session"/> for the job's next chunk (stepping ahead within the given bounds), freeing whatever was kept before.</summary>
    public void Put(CachedSession session, TimeSpan aheadBudget = default, int aheadSteps = 0)
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

        session.StartAhead(aheadBudget, aheadSteps);
    }

    public void Dispose()
    {
        CachedSession? entry;
        lock (_gate)
        {
            (entry, _entry) = (_entry, null);
        }

        entry?.Dispose();
    }
}
