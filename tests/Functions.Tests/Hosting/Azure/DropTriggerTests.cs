using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Functions.Drops;
using Nst.Functions.Hosting.Azure;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>
/// The drop trigger with a recording client and storage nobody listens on: messages that can never make a job are
/// logged and consumed, and nothing is scheduled. (The path that reaches storage is covered by the Azurite tests.)
/// </summary>
public sealed class DropTriggerTests : IAsyncDisposable
{
    private readonly RecordingLogger<DropTrigger> _triggerLog = new();
    private readonly RecordingLogger<DropStarter> _starterLog = new();
    private readonly RecordingDurableTaskClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private DropTrigger Trigger()
    {
        // Port 9 (discard) on loopback: any storage call would fail, and none is expected.
        var service = new BlobServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), new BlobClientOptions(StorageAccount.BlobServiceVersion) { Retry = { MaxRetries = 0 } });
        var starter = new DropStarter(new PipelineStorage(service), Options.Create(new NstSettings()), _starterLog);
        return new DropTrigger(starter, _triggerLog);
    }

    private static string Event(string subject, string type = BlobCreatedEvent.EventType) => $$$"""
        {"id":"e1","subject":"{{{subject}}}","eventType":"{{{type}}}","eventTime":"2026-05-01T12:00:00Z","data":{"eTag":"0x8DC","contentLength":5}}
        """;

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"id\":\"e1\"")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("42")]
    public async Task RunAsync_NotAnEvent_LoggedAndNothingScheduled(string message)
    {
        await Trigger().RunAsync(message, _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Contains(_triggerLog.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(PipelineNames.InboxQueue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WrongEventType_LoggedAndNothingScheduled()
    {
        await Trigger().RunAsync(Event("/blobServices/default/containers/inbox/blobs/starry/a.jpg", "Microsoft.Storage.BlobDeleted"), _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Contains(_triggerLog.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("BlobDeleted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/blobServices/default/containers/inbox")]
    [InlineData("/blobServices/default/containers/inbox/blobs/")]
    [InlineData("/blobServices/default/containers//blobs/a.jpg")]
    [InlineData("/something/else")]
    public async Task RunAsync_SubjectWithoutBlob_LoggedAndNothingScheduled(string subject)
    {
        await Trigger().RunAsync(Event(subject), _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Contains(_triggerLog.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("does not name a blob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Base64OfNotJson_LoggedAndNothingScheduled()
    {
        await Trigger().RunAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("<xml/>")), _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Single(_triggerLog.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task RunAsync_BlobInAnotherContainer_IgnoredWithoutStorageOrScheduling()
    {
        await Trigger().RunAsync(Event("/blobServices/default/containers/outbox/blobs/starry/a.jpg"), _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Contains(_starterLog.Entries, e => e.Message.Contains("not this pipeline's inbox", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("readme.txt")]
    [InlineData("starry/notes.txt")]
    [InlineData("photo.jpg")]
    public async Task RunAsync_InboxBlobThatIsNeitherDropNorManifest_IgnoredWithoutStorageOrScheduling(string name)
    {
        await Trigger().RunAsync(Event($"/blobServices/default/containers/inbox/blobs/{name}"), _client, null!);

        Assert.Empty(_client.Calls);
        Assert.Contains(_starterLog.Entries, e => e.Message.Contains("Ignoring inbox/", StringComparison.Ordinal));
    }
}
