using Azure;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chain;

/// <summary>
/// Watches job.json while a chunk runs: every <c>interval</c> it compares the ETag (a HEAD request) and only when it
/// changed reads the record to see whether a cancel was requested, so the chunk can stop early.
/// </summary>
public sealed class CancelWatch : IDisposable
{
    private readonly JobStore _store;
    private readonly string _jobId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ETag _seen;
    private volatile bool _cancelRequested;

    public CancelWatch(JobStore store, string jobId, ETag etag, TimeSpan interval, TimeProvider time)
    {
        _store = store;
        _jobId = jobId;
        _seen = etag;
        _loop = WatchAsync(interval, time);
    }

    public bool CancelRequested => _cancelRequested;

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task WatchAsync(TimeSpan interval, TimeProvider time)
    {
        try
        {
            while (!_cancelRequested)
            {
                await Task.Delay(interval, time, _stop.Token).ConfigureAwait(false);
                if (await _store.GetETagAsync(_jobId, _stop.Token).ConfigureAwait(false) is { } etag && etag != _seen)
                {
                    _seen = etag;
                    _cancelRequested = (await _store.GetAsync(_jobId, _stop.Token).ConfigureAwait(false))?.Record.CancelRequested == true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The chunk ended.
        }
        catch (RequestFailedException)
        {
            // A failed look is not a cancel; the commit's If-Match still sees any change.
        }
    }
}
