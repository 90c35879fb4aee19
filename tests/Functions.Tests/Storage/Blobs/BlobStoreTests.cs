using System.Text;
using Azure;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Storage.Blobs;

/// <summary>Every blob operation against a real Azurite, signed with SharedKey.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreTests(AzuriteFixture azurite)
{
    private readonly BlobStore _store = new(azurite.Connection);

    [Fact]
    public async Task CreateContainerIfNotExists_Twice_CreatesOnceAndIsIdempotent()
    {
        string container = AzuriteFixture.UniqueName("c");

        Assert.True(await _store.CreateContainerIfNotExistsAsync(container));
        Assert.False(await _store.CreateContainerIfNotExistsAsync(container));
        Assert.True(await _store.DeleteContainerIfExistsAsync(container));
        Assert.False(await _store.DeleteContainerIfExistsAsync(container));
    }

    [Fact]
    public async Task Upload_SmallBlob_RoundTripsContentTypeMetadataAndETag()
    {
        string container = await NewContainerAsync();
        var options = new BlobUploadOptions
        {
            ContentType = "application/json",
            Metadata = new Dictionary<string, string> { ["nst_iterations"] = "300", ["nst_size"] = "512" },
        };

        BlobWriteResult written = await _store.UploadAsync(container, "jobs/1/job.json", BinaryData.FromString("{\"a\":1}"), options);
        BlobContent read = await _store.DownloadContentAsync(container, "jobs/1/job.json");

        Assert.True(written.Succeeded);
        Assert.Equal("{\"a\":1}", read.Content.ToString());
        Assert.Equal("application/json", read.Properties.ContentType);
        Assert.Equal(written.ETag, read.Properties.ETag);
        Assert.Equal("300", read.Properties.Metadata["nst_iterations"]);
        Assert.Equal("512", read.Properties.Metadata["nst_size"]);
    }

    [Theory]
    [InlineData("with space/and+plus.jpg")]
    [InlineData("ünïcødé/名前 (1).png")]
    [InlineData("a/b/c/d%41.txt")]
    public async Task Upload_NamesNeedingEscapes_AreSignedAndRoundTrip(string name)
    {
        string container = await NewContainerAsync();

        await _store.UploadAsync(container, name, BinaryData.FromString(name));
        BlobContent read = await _store.DownloadContentAsync(container, name);
        BlobItem listed = Assert.Single(await _store.ListBlobsAsync(container).ToListAsync());

        Assert.Equal(name, read.Content.ToString());
        Assert.Equal(name, listed.Name);
    }

    [Theory]
    [InlineData(1_000_000, 65_536)]
    [InlineData(131_072, 65_536)]
    [InlineData(65_536, 65_536)]
    [InlineData(0, 65_536)]
    public async Task Upload_StreamOfAnyLength_RoundTripsThroughSingleOrBlockUpload(int length, int blockSize)
    {
        string container = await NewContainerAsync();
        byte[] data = Pattern(length);
        var options = new BlobUploadOptions { Transfer = new StorageTransferOptions { BlockSize = blockSize, MaxConcurrency = 3 } };

        // A non-seekable stream, as a network or generated source would be.
        BlobWriteResult result = await _store.UploadAsync(container, "b.bin", new ForwardOnlyStream(data), options);
        await using BlobDownload download = await _store.DownloadAsync(container, "b.bin");
        var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.True(result.Succeeded);
        Assert.Equal(data, copy.ToArray());
        Assert.Equal(length, download.Properties.ContentLength);
    }

    [Fact]
    public async Task Download_Range_ReturnsTheSliceAndTheWholeLength()
    {
        string container = await NewContainerAsync();
        byte[] data = Pattern(10_000);
        await _store.UploadAsync(container, "r.bin", new BinaryData(data));

        await using BlobDownload download = await _store.DownloadAsync(container, "r.bin", new HttpRange(1000, 500));
        var slice = new MemoryStream();
        await download.Content.CopyToAsync(slice);

        Assert.Equal(data.AsSpan(1000, 500).ToArray(), slice.ToArray());
        Assert.Equal(10_000, download.Properties.ContentLength);
    }

    [Fact]
    public async Task Download_MissingBlob_ThrowsWithStatusAndErrorCode()
    {
        string container = await NewContainerAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _store.DownloadAsync(container, "missing"));

        Assert.Equal(404, error.Status);
        Assert.Equal("BlobNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task ListBlobs_PrefixAndSmallPages_FollowsContinuationAndFiltersByPrefix()
    {
        string container = await NewContainerAsync();
        for (int i = 0; i < 7; i++)
        {
            await _store.UploadAsync(container, $"inbox/cats/{i}.jpg", BinaryData.FromString("x"));
        }

        await _store.UploadAsync(container, "inbox/dogs/0.jpg", BinaryData.FromString("x"));

        BlobPage first = await _store.ListBlobsPageAsync(container, "inbox/cats/", pageSize: 3);
        BlobPage second = await _store.ListBlobsPageAsync(container, "inbox/cats/", first.ContinuationToken, pageSize: 3);
        var all = await _store.ListBlobsAsync(container, "inbox/cats/").ToListAsync();

        Assert.Equal(3, first.Items.Count);
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(3, second.Items.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"inbox/cats/{i}.jpg"), all.Select(b => b.Name));
        Assert.All(all, b => Assert.Equal(1, b.ContentLength));
    }

    [Fact]
    public async Task SetMetadata_ThenGetProperties_ReplacesMetadataAndChangesETag()
    {
        string container = await NewContainerAsync();
        BlobWriteResult written = await _store.UploadAsync(container, "m", BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["old"] = "1" } });

        BlobWriteResult updated = await _store.SetMetadataAsync(container, "m", new Dictionary<string, string> { ["state"] = "done" });
        BlobProperties? properties = await _store.GetPropertiesAsync(container, "m");

        Assert.NotEqual(written.ETag, updated.ETag);
        Assert.Equal("done", properties!.Metadata["state"]);
        Assert.False(properties.Metadata.ContainsKey("old"));
        Assert.Equal(updated.ETag, properties.ETag);
    }

    [Fact]
    public async Task DeleteIfExists_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        string container = await NewContainerAsync();
        await _store.UploadAsync(container, "d", BinaryData.FromString("x"));

        Assert.True(await _store.DeleteIfExistsAsync(container, "d"));
        Assert.Null(await _store.GetPropertiesAsync(container, "d"));
        Assert.False(await _store.DeleteIfExistsAsync(container, "d"));
    }

    private async Task<string> NewContainerAsync()
    {
        string container = AzuriteFixture.UniqueName("c");
        await _store.CreateContainerIfNotExistsAsync(container);
        return container;
    }

    internal static byte[] Pattern(int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31 + 7) % 251);
        }

        return data;
    }
}
