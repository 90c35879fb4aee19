using System.Text;
using Nst.Functions.Drops;

namespace Nst.Functions.Tests.Drops;

public sealed class BlobCreatedEventTests
{
    private const string Event = """
        {"id":"1","subject":"/blobServices/default/containers/inbox/blobs/starry/a b.jpg","eventType":"Microsoft.Storage.BlobCreated",
         "eventTime":"2025-05-01T12:00:00Z","data":{"eTag":"0x8DC","contentLength":5}}
        """;

    [Fact]
    public void Parse_SingleObject_ReadsContainerNameAndETag()
    {
        var e = BlobCreatedEvent.Parse(BinaryData.FromString(Event));

        Assert.Equal(("inbox", "starry/a b.jpg", "0x8DC"), (e.Container, e.BlobName, e.ETag));
    }

    [Fact]
    public void Parse_ArrayOfOneInBase64_IsAccepted()
    {
        string wrapped = Convert.ToBase64String(Encoding.UTF8.GetBytes("[" + Event + "]"));

        Assert.Equal("starry/a b.jpg", BlobCreatedEvent.Parse(BinaryData.FromString(wrapped)).BlobName);
    }

    [Fact]
    public void Parse_OtherEventType_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => BlobCreatedEvent.Parse(BinaryData.FromString(Event.Replace("BlobCreated", "BlobDeleted", StringComparison.Ordinal))));
    }
}
