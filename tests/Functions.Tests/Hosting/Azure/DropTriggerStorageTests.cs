using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Nst.Functions.Drops;
using Nst.Functions.Hosting.Azure;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>
/// The drop trigger as Event Grid → <c>nst-inbox</c> delivers to it, with a fake durable client and a real Azurite:
/// one upload starts exactly one instance under the id derived from its name and ETag, however often its event comes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropTriggerStorageTests(AzuriteFixture azurite)
{
    private static string Event(string container, string blob, string etag) => $$$"""
        [{"id":"{{{Guid.NewGuid()}}}","topic":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a","subject":"/blobServices/default/containers/{{{container}}}/blobs/{{{blob}}}","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-12-03T12:00:00Z","data":{"api":"PutBlob","eTag":"{{{etag.Trim('"')}}}","contentLength":100,"blobType":"BlockBlob"}}]
        """;

    private static async Task<BlobProperties> UploadAsync(PipelineServices services, string name, int seed)
    {
        var blob = services.Storage.Container(PipelineNames.InboxContainer).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(TestImages.Png(16, 16, seed)), overwrite: true);
        return (await blob.GetPropertiesAsync()).Value;
    }

    [Fact]
    public async Task RunAsync_DropEventDeliveredTwice_SchedulesOneInstanceUnderItsDerivedId()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var trigger = new DropTrigger(services.Get<DropStarter>(), NullLogger<DropTrigger>.Instance);
        var client = new SchedulingDurableTaskClient();
        BlobProperties upload = await UploadAsync(services, "starry/trip/a.png", 1);
        string inbox = services.Storage.Container(PipelineNames.InboxContainer).Name;
        string message = Event(inbox, "starry/trip/a.png", upload.ETag.ToString());

        await trigger.RunAsync(message, client, null!);
        await trigger.RunAsync(message, client, null!);

        string id = JobId.ForUpload("inbox/starry/trip/a.png", upload.ETag.ToString(), upload.LastModified);
        var (name, input) = Assert.Single(client.Instances).Value;
        Assert.Equal(id, Assert.Single(client.Instances).Key);
        Assert.Equal(TaskNames.StyleJob, name.Name);
        Assert.Equal(id, input.Id);
        Assert.Null(input.Spec);
        Assert.Equal(("starry/trip/a.png", upload.ETag.ToString(), id), (input.Drop!.Blob, input.Drop.ETag, input.Drop.JobId));
        Assert.Equal(1, client.Schedules);
    }

    [Fact]
    public async Task RunAsync_ReUpload_NewJobAndTheOldEventIgnored()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var trigger = new DropTrigger(services.Get<DropStarter>(), NullLogger<DropTrigger>.Instance);
        var client = new SchedulingDurableTaskClient();
        string inbox = services.Storage.Container(PipelineNames.InboxContainer).Name;
        BlobProperties first = await UploadAsync(services, "starry/b.png", 1);
        BlobProperties second = await UploadAsync(services, "starry/b.png", 2);

        await trigger.RunAsync(Event(inbox, "starry/b.png", first.ETag.ToString()), client, null!);
        await trigger.RunAsync(Event(inbox, "starry/b.png", second.ETag.ToString()), client, null!);

        Assert.Equal(JobId.ForUpload("inbox/starry/b.png", second.ETag.ToString(), second.LastModified), Assert.Single(client.Instances).Key);
    }

    [Theory]
    [InlineData("styles", "starry.png")]
    [InlineData("inbox", "photo.png")]
    [InlineData("inbox", "starry/notes.txt")]
    [InlineData("inbox", "starry/gone.png")]
    public async Task RunAsync_NotAJob_NothingScheduled(string container, string blob)
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var trigger = new DropTrigger(services.Get<DropStarter>(), NullLogger<DropTrigger>.Instance);
        var client = new SchedulingDurableTaskClient();
        await UploadAsync(services, "starry/other.png", 3);

        await trigger.RunAsync(Event(services.Storage.Container(container).Name, blob, "0x1"), client, null!);

        Assert.Empty(client.Instances);
    }
}
