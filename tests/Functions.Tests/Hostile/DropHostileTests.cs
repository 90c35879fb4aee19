using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Drops;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// Hostile drops (<c>inbox/{style}/…</c>) on the real local host: <c>nst_*</c> metadata out of range, unknown options,
/// hostile webhooks, names with tricks in them, files that are not what they claim. Each ends as a failed job with
/// the right code, seen through the API and the operator's webhook, and writes nothing but its own upload and its
/// own <c>jobs/{id}/</c> — never the outbox.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropHostileTests(AzuriteFixture azurite, InboxHost fixture) : IClassFixture<InboxHost>
{
    public static TheoryData<string, string, string, string, string> Metadata => new()
    {
        { "size-huge", "nst_size", "100000", "invalid_options", "nst_size" },
        { "size-over-limit", "nst_size", "4097", "invalid_options", "nst_size" },
        { "size-negative", "nst_size", "-5", "invalid_options", "nst_size" },
        { "iterations-billion", "nst_iterations", "1000000000", "invalid_options", "nst_iterations" },
        { "scales-99", "nst_scales", "99", "invalid_options", "nst_scales" },
        { "style-scale-8", "nst_style_scale", "8", "invalid_options", "nst_style_scale" },
        { "style-weight-nan", "nst_style_weight", "NaN", "invalid_options", "nst_style_weight" },
        { "unknown-option", "nst_bogus", "1", "invalid_options", "nst_iterations" },
        { "webhook-loopback", "nst_webhook", "http://127.0.0.1:9/hook", "invalid_webhook", "Loopback" },
        { "webhook-private", "nst_webhook", "http://10.1.2.3/hook", "invalid_webhook", "Private" },
        { "webhook-credentials", "nst_webhook", $"https://user:{HostileHost.Password}@example.com/hook", "invalid_webhook", "credentials" },
    };

    public static TheoryData<string, string, string, string> Names => new()
    {
        { "unknown-style", "nosuchstyle/photo.png", "unknown_style", "nosuchstyle" },
        { "hidden-style", ".hidden/photo.png", "unknown_style", "is not a style name" },
        { "style-with-extension", "mosaic.png/photo.png", "unknown_style", "mosaic.png" },
        { "empty-segment", "mosaic/a//photo.png", "invalid_options", "empty segment" },
        { "percent-dots", "mosaic/%2e%2e/photo.png", "invalid_options", "percent-encoding" },
        { "trailing-dot", "mosaic/dir./photo.png", "invalid_options", "storage would rewrite" },
        { "too-long", "mosaic/" + new string('n', 1100) + ".png", "invalid_options", "longer than 1024" },
        { "report-too-long", "mosaic/" + new string('r', 1013) + ".png", "invalid_options", "longer than 1024" },
        { "result-of-another-job", "gallery/v.png", "output_exists", "another job's result" },
    };

    [Theory]
    [MemberData(nameof(Metadata))]
    public async Task Drop_HostileMetadata_FailsWithCodeAndWritesNothingElse(string name, string key, string value, string code, string fragment)
    {
        var metadata = new Dictionary<string, string>(InboxHost.Small) { [key] = value };
        await DropAndAssertAsync($"mosaic/{name}.png", Infrastructure.TestImages.Png(40, 30, 3), metadata, code, fragment);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public Task Drop_HostileName_FailsWithCodeAndWritesNothingElse(string name, string blob, string code, string fragment) =>
        DropAndAssertAsync(blob, Infrastructure.TestImages.Png(40, 30, name.Length), InboxHost.Small, code, fragment);

    [Fact]
    public Task Drop_NotAnImage_FailsInvalidImage() =>
        DropAndAssertAsync("mosaic/not-an-image.png", "<script>alert(1)</script>"u8.ToArray(), InboxHost.Small, "invalid_image", "inbox/mosaic/not-an-image.png");

    [Fact]
    public Task Drop_ContentTooNarrowForAnySize_FailsInvalidImage() =>
        DropAndAssertAsync("mosaic/sliver.png", Infrastructure.TestImages.Png(1000, 2), InboxHost.Small, "invalid_image", "too narrow");

    [Fact]
    public Task Drop_DecompressionBomb_FailsInvalidImageBeforeDecoding() =>
        DropAndAssertAsync("mosaic/bomb.png", HostileImages.PngBomb(100_000, 100_000), InboxHost.Small, "invalid_image", "pixels");

    [Fact]
    public Task Drop_LargerThanTheUploadLimit_FailsInvalidImageWithoutReadingIt() =>
        DropAndAssertAsync("mosaic/huge.png", HostileImages.Oversized((int)InboxHost.MaxUploadBytes + 4096), InboxHost.Small, "invalid_image", "Nst__MaxUploadBytes");

    [Fact]
    public async Task Drop_ControlCharacterInName_FailsInvalidOptions()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        // Azurite cannot list a name with a control character (Azure encodes it), so the upload is announced as Event
        // Grid would, and removed before the inbox is listed again.
        string name = "mosaic/ctl\u0001photo.png";
        await host.UploadAsync(PipelineNames.InboxContainer, name, Infrastructure.TestImages.Png(40, 30, 4), InboxHost.Small);
        string? id;
        try
        {
            id = await Starter(host).StartAsync(host.Client, host.Storage.Container(PipelineNames.InboxContainer).Name, name, null);
            Assert.NotNull(id);
            JsonElement job = await fixture.WaitSettledAsync(id);
            ManifestHostileTests.AssertFailed(job, "invalid_options", "control character");
            Assert.Equal("invalid_options", (await fixture.WebhookForAsync(id)).GetProperty("data").GetProperty("error").GetProperty("code").GetString());
        }
        finally
        {
            await host.Storage.Container(PipelineNames.InboxContainer).GetBlobClient(name).DeleteIfExistsAsync();
        }

        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before, $"jobs/{id}/");
    }

    [Theory]
    [InlineData("../{prefix}styles/mosaic.png")]
    [InlineData("mosaic/../../{prefix}jobs/{drop}/input/content.png")]
    [InlineData("./mosaic/photo.png")]
    public async Task Drop_EventForANameWithDotSegments_IsIgnoredWithoutTouchingStorage(string name)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        name = name.Replace("{prefix}", host.Prefix, StringComparison.Ordinal).Replace("{drop}", fixture.VictimDropJob, StringComparison.Ordinal);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        IReadOnlySet<string> instances = await InstancesAsync(host);
        int logged = fixture.Logs.Lines.Count;

        // Storage clients resolve '..' in a request's path: this name would address a blob in another container.
        string? id = await Starter(host).StartAsync(host.Client, host.Storage.Container(PipelineNames.InboxContainer).Name, name, "\"0x8DD000000000000\"");

        Assert.Null(id);
        Assert.Contains(fixture.Logs.Lines.Skip(logged), line => line.Contains("Ignoring", StringComparison.Ordinal) && line.Contains("segment", StringComparison.Ordinal));
        Assert.Equal(instances, await InstancesAsync(host));
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    private static async Task<IReadOnlySet<string>> InstancesAsync(TestAppHost host)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (OrchestrationMetadata instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }))
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    private static DropStarter Starter(TestAppHost host) => host.App.Services.GetRequiredService<DropStarter>();

    private async Task DropAndAssertAsync(string name, byte[] bytes, IDictionary<string, string> metadata, string code, string fragment)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        string id = await host.DropAsync(name, bytes, metadata);
        JsonElement job = await fixture.WaitSettledAsync(id);

        ManifestHostileTests.AssertFailed(job, code, fragment);
        JsonElement hook = await fixture.WebhookForAsync(id);
        Assert.Equal("nst.job.failed", hook.GetProperty("type").GetString());
        Assert.Equal(code, hook.GetProperty("data").GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(HostileHost.Password, job.ToString(), StringComparison.Ordinal);
        fixture.AssertPasswordNeverLogged();
        Assert.True(JobId.IsValid(id));
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before, $"inbox/{name}", $"jobs/{id}/");
    }
}
