using System.Diagnostics;
using System.Text.Json;
using Nst.Engine.Imaging;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;
using Nst.Functions.Webhooks;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// The headline: the local host against Azurite turns a photo dropped in <c>inbox/{style}/…</c> into a result in
/// <c>outbox/{style}/…</c> through several chunks, and a signed webhook says so.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropToWebhookTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private Task<TestAppHost> StartAsync(WebhookReceiver receiver) => TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Nst:Model"] = "random:1",
        ["Nst:ChunkSeconds"] = "0.05",
        ["Nst:Webhook:Url"] = receiver.Url,
        ["Nst:Webhook:Secret"] = Secret,
        ["Nst:LocalHost:ScanInterval"] = "00:00:00.2",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.2",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
    });

    private static byte[] Png(int width, int height, int seed)
    {
        var random = new Random(seed);
        RgbImage image = RgbImage.Create(width, height);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (float)random.NextDouble();
        }

        return ImageCodec.Encode(image, ImageFormat.Png);
    }

    private static Task<BlobWriteResult> DropAsync(TestAppHost host, string name, byte[] bytes) =>
        host.Resources.Blobs.UploadAsync(host.Resources.Container(PipelineNames.InboxContainer), name, BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            ContentType = "image/png",
            Metadata = new Dictionary<string, string> { ["nst_size"] = "48", ["nst_iterations"] = "4" },
        });

    private static async Task UploadStyleAsync(TestAppHost host, string style) =>
        await host.Resources.Blobs.UploadAsync(host.Resources.Container(PipelineNames.StylesContainer), style + ".png", BinaryData.FromBytes(Png(40, 40, 7)));

    private static JsonElement Data(WebhookReceiver.Received received) => JsonDocument.Parse(received.Body).RootElement.GetProperty("data");

    private static bool Is(WebhookReceiver.Received r, string type, string input) =>
        JsonDocument.Parse(r.Body).RootElement is var root && root.GetProperty("type").GetString() == type
        && root.GetProperty("data").GetProperty("input").GetString()!.EndsWith(input, StringComparison.Ordinal);

    // A "container/name" path from job.json or a webhook; the container may be written logical or prefixed.
    private static Task<BlobProperties?> PropertiesAsync(TestAppHost host, string path)
    {
        string container = path[..path.IndexOf('/', StringComparison.Ordinal)];
        string real = container.StartsWith(host.Prefix, StringComparison.Ordinal) ? container : host.Resources.Container(container);
        return host.Resources.Blobs.GetPropertiesAsync(real, path[(container.Length + 1)..]);
    }

    [Fact]
    public async Task Drop_PhotoWithMetadata_ResultInOutboxAndSignedSucceededWebhook()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await UploadStyleAsync(host, "mosaic");

        var clock = Stopwatch.StartNew();
        await DropAsync(host, "mosaic/trip/photo.png", Png(64, 48, 1));
        WebhookReceiver.Received hook = await receiver.WaitForAsync(r => Is(r, "nst.job.succeeded", "mosaic/trip/photo.png"), Patience);
        output.WriteLine($"drop-to-webhook: {clock.Elapsed.TotalSeconds:F2} s");

        Assert.True(new WebhookVerifier(Secret).Verify(hook.Id, hook.Timestamp, hook.Signature, hook.Body));
        JsonElement data = Data(hook);
        Assert.Equal(4, data.GetProperty("iterations").GetInt32());
        string outputPath = data.GetProperty("output").GetString()!;
        string reportPath = data.GetProperty("report").GetString()!;
        Assert.EndsWith("outbox/mosaic/trip/photo.png", outputPath);
        Assert.StartsWith(outputPath[..outputPath.LastIndexOf('/')], reportPath);
        Assert.EndsWith(".json", reportPath);
        Assert.NotNull(await PropertiesAsync(host, outputPath));
        Assert.NotNull(await PropertiesAsync(host, reportPath));

        // Several chunks: the job's record says how many committed.
        string jobId = data.GetProperty("jobId").GetString()!;
        BlobContent record = await host.Resources.Blobs.DownloadContentAsync(host.Resources.Container(PipelineNames.JobsContainer), $"{jobId}/job.json");
        using JsonDocument job = JsonDocument.Parse(record.Content.ToString());
        Assert.Equal("succeeded", job.RootElement.GetProperty("status").GetString());
        Assert.True(job.RootElement.GetProperty("progress").GetProperty("chunk").GetInt32() >= 2, record.Content.ToString());
    }

    [Fact]
    public async Task Drop_CorruptThenGood_FailedWebhookThenSucceededWebhook()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await UploadStyleAsync(host, "mosaic");

        await DropAsync(host, "mosaic/broken.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]);
        await DropAsync(host, "mosaic/fine.png", Png(48, 48, 2));

        WebhookReceiver.Received failed = await receiver.WaitForAsync(r => Is(r, "nst.job.failed", "mosaic/broken.png"), Patience);
        WebhookReceiver.Received succeeded = await receiver.WaitForAsync(r => Is(r, "nst.job.succeeded", "mosaic/fine.png"), Patience);

        var verifier = new WebhookVerifier(Secret);
        Assert.True(verifier.Verify(failed.Id, failed.Timestamp, failed.Signature, failed.Body));
        Assert.True(verifier.Verify(succeeded.Id, succeeded.Timestamp, succeeded.Signature, succeeded.Body));
        Assert.False(string.IsNullOrEmpty(Data(failed).GetProperty("error").GetProperty("code").GetString()));
        Assert.NotNull(await PropertiesAsync(host, Data(succeeded).GetProperty("output").GetString()!));
    }
}
