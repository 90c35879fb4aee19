using Azure;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Storage.Queues;

/// <summary>Every queue operation against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateIfNotExists_Twice_CreatesOnceAndIsIdempotent()
    {
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("q"));

        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task SendThenReceive_ReturnsBodyIdPopReceiptAndFirstDequeue()
    {
        QueueClient queue = await NewQueueAsync();

        SendReceipt sent = await queue.SendMessageAsync(BinaryData.FromString("{\"job\":\"42\",\"chunk\":0}"), timeToLive: TimeSpan.FromHours(1));
        QueueMessage received = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal("{\"job\":\"42\",\"chunk\":0}", received.Body.ToString());
        Assert.Equal(1, received.DequeueCount);
        Assert.False(string.IsNullOrEmpty(received.PopReceipt));
        Assert.Equal(TimeSpan.FromHours(1), sent.ExpiresOn - sent.InsertedOn);
    }

    [Fact]
    public async Task Receive_NotDeleted_ReappearsAfterVisibilityTimeoutWithDequeueCountTwo()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync(BinaryData.FromString("chunk"));

        QueueMessage first = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(1)));
        Assert.Empty(await queue.ReceiveMessagesAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        QueueMessage again = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
        Assert.NotEqual(first.PopReceipt, again.PopReceipt);
    }

    [Fact]
    public async Task Send_WithVisibilityDelay_IsCountedButNotReceivable()
    {
        QueueClient queue = await NewQueueAsync();

        SendReceipt sent = await queue.SendMessageAsync(BinaryData.FromString("later"), visibilityDelay: TimeSpan.FromSeconds(60));

        Assert.Empty(await queue.ReceiveMessagesAsync(32));
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
        Assert.Equal(TimeSpan.FromSeconds(60), sent.NextVisibleOn - sent.InsertedOn);
    }

    [Fact]
    public async Task Receive_SeveralMessages_ReturnsUpToTheCount()
    {
        QueueClient queue = await NewQueueAsync();
        for (int i = 0; i < 5; i++)
        {
            await queue.SendMessageAsync(BinaryData.FromString($"m{i}"));
        }

        IReadOnlyList<QueueMessage> batch = await queue.ReceiveMessagesAsync(3);

        Assert.Equal(3, batch.Count);
        Assert.Equal(3, batch.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Update_NewBodyAndZeroVisibility_IsReceivedAgainWithTheNewBody()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync(BinaryData.FromString("attempt 1"));
        QueueMessage first = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        UpdateReceipt updated = await queue.UpdateMessageAsync(first.MessageId, first.PopReceipt, TimeSpan.Zero, BinaryData.FromString("attempt 2"));
        QueueMessage again = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        Assert.NotEqual(first.PopReceipt, updated.PopReceipt);
        Assert.Equal("attempt 2", again.Body.ToString());
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task Delete_WithCurrentReceipt_RemovesTheMessage_AndStaleReceiptFails()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync(BinaryData.FromString("x"));
        QueueMessage received = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));
        UpdateReceipt updated = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        await queue.DeleteMessageAsync(received.MessageId, updated.PopReceipt);

        Assert.Equal(400, stale.Status);
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Receive_PlainTextMessage_IsReadAsText()
    {
        string name = AzuriteFixture.UniqueName("q");
        var plain = new QueueClient(azurite.Connection, name, new StorageClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var reader = new QueueClient(azurite.Connection, name);
        await plain.CreateIfNotExistsAsync();

        await plain.SendMessageAsync(BinaryData.FromString("{\"eventType\":\"Microsoft.Storage.BlobCreated\",\"url\":\"a<b&c\"}"));
        QueueMessage received = Assert.Single(await reader.ReceiveMessagesAsync());

        Assert.Equal("{\"eventType\":\"Microsoft.Storage.BlobCreated\",\"url\":\"a<b&c\"}", received.Body.ToString());
    }

    [Fact]
    public async Task Send_ToMissingQueue_ThrowsQueueNotFound()
    {
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("q"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync(BinaryData.FromString("x")));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = new QueueClient(azurite.Connection, AzuriteFixture.UniqueName("q"));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
