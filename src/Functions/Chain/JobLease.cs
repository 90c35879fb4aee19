using Azure;
using Microsoft.Extensions.Logging;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Chain;

/// <summary>
/// The lease a worker holds on <c>jobs/{id}/lock</c> while it runs a chunk, renewed in the background, so two
/// workers never run a job's chunk at the same time. It is a separate blob rather than job.json itself so that
/// job.json stays writable by compare-and-swap alone (the API sets <c>cancelRequested</c> while a chunk runs); the
/// <c>If-Match</c> commit remains the final guard should a lease ever be lost.
/// </summary>
public sealed class JobLease : IAsyncDisposable
{
    private readonly IBlobStore _blobs;
    private readonly string _container;
    private readonly string _name;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private JobLease(IBlobStore blobs, string container, string name, string leaseId, TimeSpan duration, ILogger logger)
    {
        _blobs = blobs;
        _container = container;
        _name = name;
        LeaseId = leaseId;
        _renewal = RenewAsync(duration / 3, logger);
    }

    public string LeaseId { get; }

    /// <summary>True once a renewal failed: another worker may hold the job now.</summary>
    public bool Lost { get; private set; }

    /// <summary>Leases the job's lock blob (creating it if needed); null if another worker holds it.</summary>
    public static async Task<JobLease?> TryAcquireAsync(PipelineResources resources, string jobId, TimeSpan duration, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        string container = resources.Container(PipelineNames.JobsContainer);
        string name = JobPaths.Lock(jobId);
        // A failed If-None-Match just means the lock blob exists already.
        await resources.Blobs.UploadAsync(container, name, BinaryData.Empty,
            new BlobUploadOptions { Conditions = BlobConditions.IfNotExists }, cancellationToken).ConfigureAwait(false);
        try
        {
            BlobLease lease = await resources.Blobs.AcquireLeaseAsync(container, name, duration, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new JobLease(resources.Blobs, container, name, lease.LeaseId, duration, logger);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        _stop.Dispose();
        if (!Lost)
        {
            try
            {
                await _blobs.ReleaseLeaseAsync(_container, _name, LeaseId).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Expired or taken over meanwhile: nothing left to release.
            }
        }
    }

    private async Task RenewAsync(TimeSpan every, ILogger logger)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, _stop.Token).ConfigureAwait(false);
                await _blobs.RenewLeaseAsync(_container, _name, LeaseId, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (RequestFailedException e)
        {
            Lost = true;
            logger.LogWarning("Lost the lease on {Lock}: {Message}", _name, e.Message);
        }
    }
}
