using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nst.Functions.Hosting;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class InboxScannerTests(AzuriteFixture azurite)
{
    private sealed record Setup(BlobStore Blobs, QueueClient Queue, InboxScannerOptions Options);

    private async Task<Setup> CreateAsync()
    {
        var blobs = new BlobStore(azurite.Connection);
        var options = new InboxScannerOptions
        {
            InboxContainer = AzuriteFixture.UniqueName("inbox"),
            MarkerContainer = AzuriteFixture.UniqueName("jobs"),
            BlobEndpoint = azurite.BlobEndpoint,
        };
        await blobs.CreateContainerIfNotExistsAsync(options.InboxContainer);
        await blobs.CreateContainerIfNotExistsAsync(options.MarkerContainer);
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("nst-inbox"));
        await queue.CreateIfNotExistsAsync();
        return new Setup(blobs, queue, options);
    }

    private static InboxScanner Scanner(Setup s) => new(s.Blobs, s.Queue, s.Options, NullLogger<InboxScanner>.Instance);

    private static async Task<List<JsonDocument>> DrainAsync(QueueClient queue)
    {
        var events = new List<JsonDocument>();
        while ((await queue.ReceiveMessagesAsync(32)) is { Count: > 0 } batch)
        {
            foreach (QueueMessage m in batch)
            {
                events.Add(JsonDocument.Parse(m.Body.ToString()));
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }

        return events;
    }

    [Fact]
    public async Task ScanOnceAsync_NewUpload_EnqueuesOneBlobCreatedEvent()
    {
        Setup s = await CreateAsync();
        BlobWriteResult upload = await s.Blobs.UploadAsync(s.Options.InboxContainer, "starry/holiday/beach.jpg", BinaryData.FromBytes(new byte[123]),
            new BlobUploadOptions { ContentType = "image/jpeg" });

        Assert.Equal(1, await Scanner(s).ScanOnceAsync(CancellationToken.None));

        JsonElement e = Assert.Single(await DrainAsync(s.Queue)).RootElement;
        Assert.Equal("Microsoft.Storage.BlobCreated", e.GetProperty("eventType").GetString());
        Assert.Equal($"/blobServices/default/containers/{s.Options.InboxContainer}/blobs/starry/holiday/beach.jpg", e.GetProperty("subject").GetString());
        JsonElement data = e.GetProperty("data");
        Assert.Equal(upload.ETag.ToString(), data.GetProperty("eTag").GetString());
        Assert.Equal(123, data.GetProperty("contentLength").GetInt64());
        Assert.Equal("image/jpeg", data.GetProperty("contentType").GetString());
        Assert.Equal("BlockBlob", data.GetProperty("blobType").GetString());
        Assert.Equal($"{azurite.BlobEndpoint}/{s.Options.InboxContainer}/starry/holiday/beach.jpg", data.GetProperty("url").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task ScanOnceAsync_RescanAndSecondScanner_DoNotDuplicate()
    {
        Setup s = await CreateAsync();
        await s.Blobs.UploadAsync(s.Options.InboxContainer, "a/1.png", BinaryData.FromString("x"));
        await s.Blobs.UploadAsync(s.Options.InboxContainer, "a/2.png", BinaryData.FromString("y"));

        InboxScanner first = Scanner(s);
        Assert.Equal(2, await first.ScanOnceAsync(CancellationToken.None));
        Assert.Equal(0, await first.ScanOnceAsync(CancellationToken.None));
        // A second host (or this one after a restart) shares only the markers in storage.
        Assert.Equal(0, await Scanner(s).ScanOnceAsync(CancellationToken.None));

        Assert.Equal(2, (await DrainAsync(s.Queue)).Count);
    }

    [Fact]
    public async Task ScanOnceAsync_TwoScannersRacing_EnqueueEachUploadOnce()
    {
        Setup s = await CreateAsync();
        for (int i = 0; i < 6; i++)
        {
            await s.Blobs.UploadAsync(s.Options.InboxContainer, $"b/{i}.jpg", BinaryData.FromString(i.ToString()));
        }

        int[] counts = await Task.WhenAll(Scanner(s).ScanOnceAsync(CancellationToken.None), Scanner(s).ScanOnceAsync(CancellationToken.None));

        Assert.Equal(6, counts.Sum());
        Assert.Equal(6, (await DrainAsync(s.Queue)).Select(e => e.RootElement.GetProperty("subject").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task ScanOnceAsync_ReuploadWithNewETag_EnqueuesANewEvent()
    {
        Setup s = await CreateAsync();
        InboxScanner scanner = Scanner(s);
        BlobWriteResult first = await s.Blobs.UploadAsync(s.Options.InboxContainer, "c/photo.jpg", BinaryData.FromString("one"));
        Assert.Equal(1, await scanner.ScanOnceAsync(CancellationToken.None));
        BlobWriteResult second = await s.Blobs.UploadAsync(s.Options.InboxContainer, "c/photo.jpg", BinaryData.FromString("two"));

        Assert.Equal(1, await scanner.ScanOnceAsync(CancellationToken.None));

        string[] etags = (await DrainAsync(s.Queue)).Select(e => e.RootElement.GetProperty("data").GetProperty("eTag").GetString()!).ToArray();
        Assert.Equal([first.ETag.ToString(), second.ETag.ToString()], etags);
    }

    [Fact]
    public async Task ScanOnceAsync_MarkerLeftPendingByACrash_AnnouncesTheUploadAgainOnce()
    {
        Setup s = await CreateAsync();
        BlobWriteResult upload = await s.Blobs.UploadAsync(s.Options.InboxContainer, "d/photo.jpg", BinaryData.FromString("x"));
        BlobItem item = await s.Blobs.ListBlobsAsync(s.Options.InboxContainer).FirstAsync();

        // A scanner claimed the upload and died before enqueueing: the marker says "pending".
        await s.Blobs.UploadAsync(s.Options.MarkerContainer, s.Options.MarkerPrefix + InboxScanner.Key(item), BinaryData.FromString(item.Name),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["etag"] = "x", ["state"] = "pending" } });

        var patient = new InboxScanner(s.Blobs, s.Queue, s.Options, NullLogger<InboxScanner>.Instance);
        Assert.Equal(0, await patient.ScanOnceAsync(CancellationToken.None));

        var recovering = new InboxScanner(s.Blobs, s.Queue, s.Options with { PendingTimeout = TimeSpan.Zero }, NullLogger<InboxScanner>.Instance);
        Assert.Equal(1, await recovering.ScanOnceAsync(CancellationToken.None));
        Assert.Equal(0, await Scanner(s).ScanOnceAsync(CancellationToken.None));

        var events = await DrainAsync(s.Queue);
        Assert.Single(events);
        Assert.Equal(upload.ETag.ToString(), events[0].RootElement.GetProperty("data").GetProperty("eTag").GetString());
    }
}
