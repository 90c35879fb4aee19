using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;
using Nst.Functions.Webhooks;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// The headline, on the local host against Azurite: a photo dropped in <c>inbox/{style}/…</c> becomes a result in
/// <c>outbox/{style}/…</c> through several chunks of a durable orchestration, and a signed webhook says so.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropToWebhookTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private Task<TestAppHost> StartAsync(WebhookReceiver receiver) => TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Nst:ChunkSeconds"] = "0.05",
        ["Nst:Webhook:Url"] = receiver.Url,
        ["Nst:Webhook:Secret"] = Secret,
    });

    private static JsonElement Data(WebhookReceiver.Received received) => JsonDocument.Parse(received.Body).RootElement.GetProperty("data");

    private static bool Is(WebhookReceiver.Received r, string type, string input) =>
        JsonDocument.Parse(r.Body).RootElement is var root && root.GetProperty("type").GetString() == type
        && root.GetProperty("data").GetProperty("input").GetString()!.EndsWith(input, StringComparison.Ordinal);

    [Fact]
    public async Task Drop_PhotoWithMetadata_ResultInOutboxAndSignedSucceededWebhook()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await host.UploadStyleAsync("mosaic");

        var clock = Stopwatch.StartNew();
        string id = await host.DropAsync("mosaic/trip/photo.png", TestImages.Png(64, 48, 1), DropJobs.Small(6));
        WebhookReceiver.Received hook = await receiver.WaitForAsync(r => Is(r, "nst.job.succeeded", "mosaic/trip/photo.png"), TestAppHost.Patience);
        output.WriteLine($"drop to webhook: {clock.Elapsed.TotalSeconds:F2} s");

        Assert.True(new WebhookVerifier(Secret).Verify(hook.Id, hook.Timestamp, hook.Signature, hook.Body));
        Assert.Equal($"msg_{id}_succeeded", hook.Id);
        JsonElement data = Data(hook);
        Assert.Equal(id, data.GetProperty("jobId").GetString());
        Assert.Equal(6, data.GetProperty("iterations").GetInt32());
        Assert.Equal("outbox/mosaic/trip/photo.png", data.GetProperty("output").GetString());
        Assert.Equal("outbox/mosaic/trip/photo.json", data.GetProperty("report").GetString());
        var jobs = new DropJobs(azurite, host.Prefix);
        byte[] result = await jobs.ReadAsync("outbox/mosaic/trip/photo.png");
        Assert.Equal(Nst.Engine.Imaging.ImageFormat.Png, Nst.Engine.Imaging.ImageSniffer.TrySniff(result));
        using JsonDocument report = JsonDocument.Parse(await jobs.ReadAsync("outbox/mosaic/trip/photo.json"));
        Assert.Equal(id, report.RootElement.GetProperty("jobId").GetString());

        JsonElement job = await host.WaitForJobAsync(id, j => j.GetProperty("webhook").ValueKind == JsonValueKind.Object
            && j.GetProperty("webhook").GetProperty("state").GetString() == "delivered");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("progress").GetProperty("chunk").GetInt32() >= 2, job.ToString());
        Assert.Equal(1, job.GetProperty("webhook").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Drop_CorruptThenGood_FailedWebhookThenSucceededWebhook()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await host.UploadStyleAsync("mosaic");

        string broken = await host.DropAsync("mosaic/broken.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8], DropJobs.Small(3));
        await host.DropAsync("mosaic/fine.png", TestImages.Png(48, 48, 2), DropJobs.Small(3));

        WebhookReceiver.Received failed = await receiver.WaitForAsync(r => Is(r, "nst.job.failed", "mosaic/broken.png"), TestAppHost.Patience);
        WebhookReceiver.Received succeeded = await receiver.WaitForAsync(r => Is(r, "nst.job.succeeded", "mosaic/fine.png"), TestAppHost.Patience);

        var verifier = new WebhookVerifier(Secret);
        Assert.True(verifier.Verify(failed.Id, failed.Timestamp, failed.Signature, failed.Body));
        Assert.True(verifier.Verify(succeeded.Id, succeeded.Timestamp, succeeded.Signature, succeeded.Body));
        Assert.Equal("invalid_image", Data(failed).GetProperty("error").GetProperty("code").GetString());
        JsonElement job = await host.WaitForJobAsync(broken);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("progress").GetProperty("chunk").GetInt32());
    }

    [Fact]
    public async Task Drop_SameUploadSeenTwice_MakesOneJob()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await host.UploadStyleAsync("mosaic");
        string id = await host.DropAsync("mosaic/once.png", TestImages.Png(40, 40, 3), DropJobs.Small(2));
        await host.WaitForJobAsync(id);

        // A redelivered event (or a second host's scan) for the same upload finds the job; a re-upload makes another.
        var starter = host.App.Services.GetRequiredService<Nst.Functions.Drops.DropStarter>();
        string inbox = host.Storage.Container(PipelineNames.InboxContainer).Name;
        Assert.Equal(id, await starter.StartAsync(host.Client, inbox, "mosaic/once.png", null));
        string again = await host.DropAsync("mosaic/once.png", TestImages.Png(40, 40, 4), DropJobs.Small(2));
        Assert.NotEqual(id, again);
        await host.WaitForJobAsync(again);

        int instances = 0;
        await foreach (OrchestrationMetadata _ in host.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 50 }))
        {
            instances++;
        }

        Assert.Equal(2, instances);
    }
}
