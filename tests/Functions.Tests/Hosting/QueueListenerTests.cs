using Microsoft.Extensions.Logging.Abstractions;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class QueueListenerTests(AzuriteFixture azurite)
{
    private static readonly QueueHostOptions Fast = new()
    {
        BatchSize = 2,
        NewBatchThreshold = 1,
        MaxDequeueCount = 3,
        VisibilityTimeout = TimeSpan.Zero,
        MinPollingInterval = TimeSpan.FromMilliseconds(20),
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        LeaseDuration = TimeSpan.FromSeconds(3),
    };

    private async Task<(QueueClient Queue, QueueClient Poison)> QueuesAsync()
    {
        string name = AzuriteFixture.UniqueName("listen");
        var queue = new QueueClient(azurite.Connection, name);
        var poison = new QueueClient(azurite.Connection, PipelineNames.PoisonQueue(name));
        await queue.CreateIfNotExistsAsync();
        return (queue, poison);
    }

    private static async Task RunUntilAsync(QueueListener listener, Func<Task<bool>> done)
    {
        await listener.StartAsync(CancellationToken.None);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!await done())
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Listener_AlwaysFailing_MovesBodyToPoisonAfterMaxDequeueCount()
    {
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(queue.Name, _ => throw new InvalidOperationException("boom"));
        await queue.SendMessageAsync(BinaryData.FromString("{\"jobId\":\"x\"}"));
        var listener = new QueueListener(function, queue, poison, Fast, NullLogger<QueueListener>.Instance);

        await RunUntilAsync(listener, async () => await poison.CreateIfNotExistsAsync() is false && await poison.GetApproximateMessageCountAsync() == 1);

        Assert.Equal([1L, 2L, 3L], function.Attempts.Select(a => a.DequeueCount));
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
        Assert.Equal("{\"jobId\":\"x\"}", Assert.Single(await poison.ReceiveMessagesAsync()).Body.ToString());
    }

    [Fact]
    public async Task Listener_Succeeding_DeletesMessageAfterOneAttempt()
    {
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(queue.Name, _ => Task.CompletedTask);
        await queue.SendMessageAsync(BinaryData.FromString("a"));
        await queue.SendMessageAsync(BinaryData.FromString("b"));
        var listener = new QueueListener(function, queue, poison, Fast, NullLogger<QueueListener>.Instance);

        await RunUntilAsync(listener, async () => function.Attempts.Count == 2 && await queue.GetApproximateMessageCountAsync() == 0);

        Assert.Equal(["a", "b"], function.Attempts.Select(a => a.Body.ToString()).Order());
        Assert.False(await poison.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task Listener_HandlerLongerThanLease_KeepsMessageInvisibleUntilDone()
    {
        var (queue, poison) = await QueuesAsync();
        // Runs for twice the lease: without renewal the message would reappear and be handed out again.
        var function = new ScriptedFunction(queue.Name, _ => Task.Delay(TimeSpan.FromSeconds(6)));
        await queue.SendMessageAsync(BinaryData.FromString("long"));
        var listener = new QueueListener(function, queue, poison, Fast, NullLogger<QueueListener>.Instance);

        await RunUntilAsync(listener, async () => function.Completed == 1 && await queue.GetApproximateMessageCountAsync() == 0);

        Assert.Single(function.Attempts);
    }

    [Fact]
    public async Task Listener_RetryAfter_HidesMessageForTheRequestedDelay()
    {
        var (queue, poison) = await QueuesAsync();
        var function = new ScriptedFunction(queue.Name, m => m.DequeueCount == 1 ? throw new RetryAfterException(TimeSpan.FromSeconds(2), "later") : Task.CompletedTask);
        await queue.SendMessageAsync(BinaryData.FromString("x"));
        var listener = new QueueListener(function, queue, poison, Fast, NullLogger<QueueListener>.Instance);

        await RunUntilAsync(listener, async () => function.Attempts.Count == 2 && await queue.GetApproximateMessageCountAsync() == 0);

        TimeSpan gap = function.Attempts[1].At - function.Attempts[0].At;
        Assert.InRange(gap.TotalSeconds, 1.5, 10);
    }
}
