using System.Diagnostics;
using Nst.Engine.Session;

namespace Nst.Functions.Chunks;

/// <summary>
/// A job's session kept in a worker's memory between chunks: at <see cref="Checkpoint"/>, with the pairs known to be
/// stored and the keys the previous checkpoint named (so superseded pairs can be deleted without reading it). While
/// it waits for the job's next chunk it may step ahead (<see cref="StartAhead"/>): those steps are exactly the ones the
/// next chunk would take (the engine is deterministic), so the chunk counts them as its own.
/// </summary>
public sealed class CachedSession(string jobId, StyleTransfer session, ChunkInputs inputs) : IDisposable
{
    private CancellationTokenSource? _aheadStop;
    private Task? _ahead;

    public string JobId { get; } = jobId;

    public StyleTransfer Session { get; } = session;

    public ChunkInputs Inputs { get; } = inputs;

    /// <summary>The checkpoint the session was at when it was last written (null before the first is written).</summary>
    public string? Checkpoint { get; set; }

    /// <summary>Pair keys <see cref="Checkpoint"/> names.</summary>
    public IReadOnlyList<string> CheckpointKeys { get; set; } = [];

    /// <summary>Pair keys stored for the job.</summary>
    public HashSet<string> StoredPairs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The upload of <see cref="Checkpoint"/>, still running when the chunk that made it returned (null once awaited);
    /// its result is the bytes written. The next chunk steps beside it and awaits it before deleting anything older.
    /// </summary>
    public Task<long>? PendingWrite { get; set; }

    /// <summary>Steps taken past <see cref="Checkpoint"/> while waiting, and the seconds they took.</summary>
    public List<IterationReport> Ahead { get; } = [];

    public double AheadSeconds { get; set; }

    /// <summary>Steps ahead in the background for at most <paramref name="budget"/> and <paramref name="maxSteps"/> steps.</summary>
    public void StartAhead(TimeSpan budget, int maxSteps)
    {
        if (budget <= TimeSpan.Zero || maxSteps <= 0 || Session.IsComplete)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        _aheadStop = stop;
        _ahead = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && clock.Elapsed < budget && Ahead.Count < maxSteps && !Session.IsComplete)
            {
                Ahead.Add(Session.Step()!);
                AheadSeconds = clock.Elapsed.TotalSeconds;
            }
        });
    }

    /// <summary>Stops stepping ahead, after the step in progress.</summary>
    public async Task StopAheadAsync()
    {
        if (_aheadStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _ahead!.ConfigureAwait(false);
            stop.Dispose();
            (_aheadStop, _ahead) = (null, null);
        }
    }

    /// <summary>Waits for <see cref="PendingWrite"/> to end; a failed one was logged where it failed, and leaves the checkpoint unwritten for workers to resume from an older one.</summary>
    public async Task FlushAsync()
    {
        if (PendingWrite is { } pending)
        {
            PendingWrite = null;
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Logged by the writer.
            }
        }
    }

    /// <summary>Frees the session. A pending write goes on: it owns what it uploads.</summary>
    public void Dispose()
    {
        _aheadStop?.Cancel();
        _ahead?.Wait();
        _aheadStop?.Dispose();
        Session.Dispose();
    }
}
