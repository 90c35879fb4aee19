using Azure;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Storage.Blobs;

/// <summary>ETag preconditions and leases against a real Azurite: the commit protocol of the job chain rests on these.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobConditionalWriteTests(AzuriteFixture azurite)
{
    private readonly BlobStore _store = new(azurite.Connection);

    [Fact]
    public async Task Upload_IfMatchCurrentETag_Succeeds()
    {
        string container = await NewContainerAsync();
        BlobWriteResult first = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v1"));

        BlobWriteResult second = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v2"),
            new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(first.ETag) });

        Assert.True(second.Succeeded);
        Assert.Equal("v2", (await _store.DownloadContentAsync(container, "job.json")).Content.ToString());
    }

    [Fact]
    public async Task Upload_StaleETag_ReturnsPreconditionFailedAndKeepsTheBlob()
    {
        string container = await NewContainerAsync();
        BlobWriteResult stale = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v1"));
        await _store.UploadAsync(container, "job.json", BinaryData.FromString("v2"));

        BlobWriteResult result = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v3"),
            new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(stale.ETag) });

        Assert.True(result.PreconditionFailed);
        Assert.Equal("ConditionNotMet", result.ErrorCode);
        Assert.Equal("v2", (await _store.DownloadContentAsync(container, "job.json")).Content.ToString());
    }

    [Fact]
    public async Task Upload_StaleETagOnBlockUpload_ReturnsPreconditionFailedAtCommit()
    {
        string container = await NewContainerAsync();
        BlobWriteResult stale = await _store.UploadAsync(container, "ckpt", BinaryData.FromString("v1"));
        await _store.UploadAsync(container, "ckpt", BinaryData.FromString("v2"));
        var options = new BlobUploadOptions
        {
            Conditions = BlobConditions.IfUnchanged(stale.ETag),
            Transfer = new StorageTransferOptions { BlockSize = 1024 },
        };

        BlobWriteResult result = await _store.UploadAsync(container, "ckpt", new MemoryStream(new byte[5000]), options);

        Assert.True(result.PreconditionFailed);
        Assert.Equal("v2", (await _store.DownloadContentAsync(container, "ckpt")).Content.ToString());
    }

    [Fact]
    public async Task Upload_IfNotExists_CreatesOnceThenReturnsPreconditionFailed()
    {
        string container = await NewContainerAsync();
        var createOnly = new BlobUploadOptions { Conditions = BlobConditions.IfNotExists };

        BlobWriteResult first = await _store.UploadAsync(container, "jobs/9/job.json", BinaryData.FromString("first"), createOnly);
        BlobWriteResult second = await _store.UploadAsync(container, "jobs/9/job.json", BinaryData.FromString("second"), createOnly);

        Assert.True(first.Succeeded);
        Assert.True(second.PreconditionFailed);
        Assert.Equal("first", (await _store.DownloadContentAsync(container, "jobs/9/job.json")).Content.ToString());
    }

    [Fact]
    public async Task SetMetadata_StaleETag_ReturnsPreconditionFailed()
    {
        string container = await NewContainerAsync();
        BlobWriteResult stale = await _store.UploadAsync(container, "m", BinaryData.FromString("v1"));
        await _store.UploadAsync(container, "m", BinaryData.FromString("v2"));

        BlobWriteResult result = await _store.SetMetadataAsync(container, "m", new Dictionary<string, string> { ["k"] = "v" },
            BlobConditions.IfUnchanged(stale.ETag));

        Assert.True(result.PreconditionFailed);
    }

    [Fact]
    public async Task Lease_WriteWithoutTheLease_FailsWithLeaseIdMissing()
    {
        string container = await NewContainerAsync();
        await _store.UploadAsync(container, "job.json", BinaryData.FromString("v1"));
        BlobLease lease = await _store.AcquireLeaseAsync(container, "job.json", TimeSpan.FromSeconds(15));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _store.UploadAsync(container, "job.json", BinaryData.FromString("intruder")));

        Assert.Equal(412, error.Status);
        Assert.Equal("LeaseIdMissing", error.ErrorCode);
        Assert.Equal("v1", (await _store.DownloadContentAsync(container, "job.json")).Content.ToString());
        await _store.ReleaseLeaseAsync(container, "job.json", lease.LeaseId);
    }

    [Fact]
    public async Task Lease_AcquireWriteRenewReleaseBreak_FollowsTheLeaseLifecycle()
    {
        string container = await NewContainerAsync();
        await _store.UploadAsync(container, "job.json", BinaryData.FromString("v1"));
        string proposed = Guid.NewGuid().ToString();

        BlobLease lease = await _store.AcquireLeaseAsync(container, "job.json", TimeSpan.FromSeconds(15), proposed);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _store.AcquireLeaseAsync(container, "job.json", TimeSpan.FromSeconds(15)));
        BlobWriteResult underLease = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v2"),
            new BlobUploadOptions { Conditions = BlobConditions.WithLease(lease.LeaseId) });
        BlobWriteResult blocksUnderLease = await _store.UploadAsync(container, "job.json", new MemoryStream(new byte[3000]),
            new BlobUploadOptions { Conditions = BlobConditions.WithLease(lease.LeaseId), Transfer = new StorageTransferOptions { BlockSize = 1000 } });
        BlobLease renewed = await _store.RenewLeaseAsync(container, "job.json", lease.LeaseId);
        string leasedState = (await _store.GetPropertiesAsync(container, "job.json"))!.LeaseState!;
        await _store.ReleaseLeaseAsync(container, "job.json", lease.LeaseId);
        BlobWriteResult afterRelease = await _store.UploadAsync(container, "job.json", BinaryData.FromString("v3"));
        await _store.AcquireLeaseAsync(container, "job.json", duration: null);
        TimeSpan remaining = await _store.BreakLeaseAsync(container, "job.json");
        string brokenState = (await _store.GetPropertiesAsync(container, "job.json"))!.LeaseState!;

        Assert.Equal(proposed, lease.LeaseId);
        Assert.Equal(409, error.Status);
        Assert.Equal("LeaseAlreadyPresent", error.ErrorCode);
        Assert.True(underLease.Succeeded);
        Assert.True(blocksUnderLease.Succeeded);
        Assert.Equal(lease.LeaseId, renewed.LeaseId);
        Assert.Equal("leased", leasedState);
        Assert.True(afterRelease.Succeeded);
        Assert.Equal(TimeSpan.Zero, remaining);
        Assert.Equal("broken", brokenState);
    }

    private async Task<string> NewContainerAsync()
    {
        string container = AzuriteFixture.UniqueName("c");
        await _store.CreateContainerIfNotExistsAsync(container);
        return container;
    }
}
