using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nst.Engine.Imaging;
using Nst.Functions.Chain;
using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Chain;

/// <summary>
/// The pipeline's services against the shared Azurite under a fresh name prefix, with helpers to upload styles,
/// drop blobs (as the inbox scanner would announce them) and pump the chunk queue the way a host does.
/// </summary>
public sealed class PipelineTestHost : IAsyncDisposable
{
    public const string WebhookUrl = "https://hooks.example.test/nst";
    private readonly ServiceProvider _services;

    private PipelineTestHost(ServiceProvider services) => _services = services;

    public PipelineResources Resources => Get<PipelineResources>();

    public JobStore Store => Get<JobStore>();

    public JobService Jobs => Get<JobService>();

    public ChunkRunner Runner => Get<ChunkRunner>();

    public IBlobStore Blobs => Resources.Blobs;

    public static async Task<PipelineTestHost> StartAsync(AzuriteFixture azurite, double chunkSeconds = 0.001, string model = "random:0", int maxChunkAttempts = 5, string? prefix = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Nst:NamePrefix"] = prefix ?? "t" + Guid.NewGuid().ToString("N")[..10],
            ["Nst:Model"] = model,
            ["Nst:ChunkSeconds"] = chunkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nst:MaxChunkAttempts"] = maxChunkAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nst:Webhook:Url"] = WebhookUrl,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddNstPipeline(configuration).BuildServiceProvider();
        var host = new PipelineTestHost(services);
        await host.Resources.EnsureCreatedAsync();
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public IQueueFunction Function(string name) => _services.GetServices<IQueueFunction>().Single(f => f.Name == name);

    public Task UploadAsync(string container, string name, byte[] bytes, IReadOnlyDictionary<string, string>? metadata = null) =>
        Blobs.UploadAsync(Resources.Container(container), name, BinaryData.FromBytes(bytes), new BlobUploadOptions { Metadata = metadata });

    /// <summary>Uploads inbox/{name} and delivers its BlobCreated event to ProcessInbox; returns the event body.</summary>
    public async Task<BinaryData> DropAsync(string name, byte[] bytes, IReadOnlyDictionary<string, string>? metadata = null)
    {
        await UploadAsync(PipelineNames.InboxContainer, name, bytes, metadata);
        BinaryData body = await EventForAsync(name);
        await DeliverEventAsync(body);
        return body;
    }

    public async Task<BinaryData> EventForAsync(string name)
    {
        string container = Resources.Container(PipelineNames.InboxContainer);
        BlobProperties properties = (await Blobs.GetPropertiesAsync(container, name))!;
        var e = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
            ["subject"] = $"/blobServices/default/containers/{container}/blobs/{name}",
            ["eventType"] = BlobCreatedEvent.EventType,
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("o"),
            ["data"] = new JsonObject { ["api"] = "PutBlob", ["eTag"] = properties.ETag.ToString(), ["contentLength"] = properties.ContentLength, ["blobType"] = "BlockBlob" },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        return BinaryData.FromString(e.ToJsonString());
    }

    public Task DeliverEventAsync(BinaryData body) =>
        Function(ProcessInboxFunction.FunctionName).HandleAsync(new QueueTriggerMessage(Guid.NewGuid().ToString(), body, 1), CancellationToken.None);

    /// <summary>Receives chunk messages and runs them until the queue is empty; returns how many ran.</summary>
    public async Task<int> PumpChunksAsync(int limit = 100)
    {
        IQueue queue = Resources.Queue(PipelineNames.ChunksQueue);
        IQueueFunction function = Function(ProcessChunkFunction.FunctionName);
        int handled = 0;
        while (handled < limit)
        {
            var messages = await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(60));
            if (messages.Count == 0)
            {
                return handled;
            }

            QueueMessage m = messages[0];
            await function.HandleAsync(new QueueTriggerMessage(m.MessageId, m.Body, m.DequeueCount, m.InsertedOn), CancellationToken.None);
            await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            handled++;
        }

        return handled;
    }

    /// <summary>All messages now on a queue (removed), parsed as JSON.</summary>
    public async Task<IReadOnlyList<JsonObject>> DrainAsync(string queueName)
    {
        IQueue queue = Resources.Queue(queueName);
        var all = new List<JsonObject>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60))) is { Count: > 0 } batch)
        {
            foreach (QueueMessage m in batch)
            {
                all.Add((JsonObject)JsonNode.Parse(m.Body.ToString())!);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }

        return all;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string container, string prefix)
    {
        var names = new List<string>();
        await foreach (BlobItem item in Blobs.ListBlobsAsync(Resources.Container(container), prefix))
        {
            names.Add(item.Name);
        }

        return names;
    }

    public async Task<JobRecord> SingleJobAsync() => (await Jobs.ListRecentAsync(10)).Single();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    /// <summary>A smooth colour gradient, PNG-encoded.</summary>
    public static byte[] ContentImage(int width = 48, int height = 40) => Encode(width, height, (x, y, c) => (x * (c + 1) + y * (3 - c)) / (float)(width + height) % 1f);

    /// <summary>A striped pattern, PNG-encoded.</summary>
    public static byte[] StyleImage(int size = 40) => Encode(size, size, (x, y, c) => ((x / 4 + y / 6 + c) % 3) / 2f);

    private static byte[] Encode(int width, int height, Func<int, int, int, float> value)
    {
        var image = RgbImage.Create(width, height);
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = image.Channel(c);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    plane[y * width + x] = value(x, y, c);
                }
            }
        }

        return ImageCodec.Encode(image, ImageFormat.Png);
    }
}
