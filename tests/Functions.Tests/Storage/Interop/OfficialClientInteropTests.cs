using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Storage.Blobs;

namespace Nst.Functions.Tests.Storage.Interop;

/// <summary>Our client and the official JS clients (@azure/storage-blob, @azure/storage-queue) read each other's writes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OfficialClientInteropTests(AzuriteFixture azurite)
{
    private readonly BlobStore _store = new(azurite.Connection);

    [Fact]
    public async Task Blob_WrittenByUs_IsReadByTheOfficialClient()
    {
        string container = AzuriteFixture.UniqueName("c");
        await _store.CreateContainerIfNotExistsAsync(container);
        byte[] data = BlobStoreTests.Pattern(300_000);
        await _store.UploadAsync(container, "outbox/starry/cat.jpg", new ForwardOnlyStream(data), new BlobUploadOptions
        {
            ContentType = "image/jpeg",
            Metadata = new Dictionary<string, string> { ["origin"] = "dotnet" },
            Transfer = new StorageTransferOptions { BlockSize = 65_536 },
        });

        using JsonDocument read = JsonDocument.Parse(await NodeInterop.RunAsync(azurite.ConnectionString, "get-blob", container, "outbox/starry/cat.jpg"));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), read.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("image/jpeg", read.RootElement.GetProperty("contentType").GetString());
        Assert.Equal("dotnet", read.RootElement.GetProperty("metadata").GetProperty("origin").GetString());
        Assert.Equal(5, read.RootElement.GetProperty("blocks").GetInt32());
    }

    [Fact]
    public async Task Blob_WrittenByTheOfficialClient_IsReadByUs()
    {
        string container = AzuriteFixture.UniqueName("c");

        await NodeInterop.RunAsync(azurite.ConnectionString, "put-blob", container, "inbox/starry/ü 1.txt", "hello from js");
        await NodeInterop.RunAsync(azurite.ConnectionString, "put-pattern", container, "big.bin", "1000000", "262144");
        BlobContent text = await _store.DownloadContentAsync(container, "inbox/starry/ü 1.txt");
        BlobContent big = await _store.DownloadContentAsync(container, "big.bin");

        Assert.Equal("hello from js", text.Content.ToString());
        Assert.Equal("js", text.Properties.Metadata["origin"]);
        Assert.Equal("text/plain", text.Properties.ContentType);
        Assert.Equal(BlobStoreTests.Pattern(1_000_000), big.Content.ToArray());
    }

    [Fact]
    public async Task Message_SentByUs_IsBase64ForTheOfficialClient()
    {
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("q"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(BinaryData.FromString("{\"job\":\"7\",\"chunk\":3}"));

        using JsonDocument read = JsonDocument.Parse(await NodeInterop.RunAsync(azurite.ConnectionString, "receive", queue.Name));

        string wire = read.RootElement.GetProperty("messageText").GetString()!;
        Assert.Equal("{\"job\":\"7\",\"chunk\":3}", Encoding.UTF8.GetString(Convert.FromBase64String(wire)));
        Assert.Equal(1, read.RootElement.GetProperty("dequeueCount").GetInt32());
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("plain")]
    public async Task Message_SentByTheOfficialClient_IsDecodedByUs(string encoding)
    {
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("q"));

        await NodeInterop.RunAsync(azurite.ConnectionString, "send", queue.Name, "{\"eventType\":\"Microsoft.Storage.BlobCreated\"}", encoding);
        QueueMessage received = Assert.Single(await queue.ReceiveMessagesAsync());

        Assert.Equal("{\"eventType\":\"Microsoft.Storage.BlobCreated\"}", received.Body.ToString());
    }

    [Fact]
    public async Task Sas_MadeByTheOfficialClient_AuthorizesOurBlobAndQueueCalls()
    {
        string sas = await NodeInterop.RunAsync(azurite.ConnectionString, "sas");
        var connection = StorageConnection.Parse($"BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint={azurite.QueueEndpoint};SharedAccessSignature={sas}");
        var store = new BlobStore(connection);
        var queue = new QueueClient(connection, AzuriteFixture.UniqueName("q"));
        string container = AzuriteFixture.UniqueName("c");

        await store.CreateContainerIfNotExistsAsync(container);
        await store.UploadAsync(container, "a/b.txt", BinaryData.FromString("via sas"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(BinaryData.FromString("via sas"));

        Assert.Null(connection.SharedKey);
        Assert.Equal("via sas", (await store.DownloadContentAsync(container, "a/b.txt")).Content.ToString());
        Assert.Equal("via sas", Assert.Single(await queue.ReceiveMessagesAsync()).Body.ToString());
    }
}
