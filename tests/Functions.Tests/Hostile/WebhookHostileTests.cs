using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// Webhooks that fail where the user can see it: a per-job URL whose name now resolves to loopback is refused when the
/// guard connects (the job itself unaffected), a receiver answering 500 shows attempts and the last error while the
/// pipeline retries, and the operator's URL keeps its credentials out of every job's JSON and the log.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookHostileTests(AzuriteFixture azurite, WebhookHostileTests.Host fixture) : IClassFixture<WebhookHostileTests.Host>
{
    [Fact]
    public async Task Webhook_NameResolvingToLoopbackAtConnect_IsRefusedOnTheJobAndTheJobStillSucceeds()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        using var receiver = new WebhookReceiver();
        string url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        // A job accepted with this URL (say its name resolved publicly then): only the connect-time guard stands now.
        string id = JobId.New(DateTimeOffset.UtcNow);
        JobSpec spec = await AcceptedSpecAsync(host, id, url);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        await JobScheduler.StartOnceAsync(host.Client, new JobInput { Id = id, Spec = spec, Settings = RunSettings.From(Settings(host)) });
        JsonElement job = await fixture.WaitSettledAsync(id);

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        JsonElement hook = job.GetProperty("webhook");
        Assert.Equal("refused", hook.GetProperty("state").GetString());
        Assert.Equal(1, hook.GetProperty("attempts").GetInt32());
        Assert.Contains("localhost", hook.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("Loopback", hook.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before, $"jobs/{id}/", $"outbox/api/{id}.png", $"outbox/api/{id}.json");
    }

    [Fact]
    public async Task Webhook_ReceiverAnswering500_AttemptsAndLastErrorShowWhileRetryingThenDelivered()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        fixture.Receiver.Status = HttpStatusCode.InternalServerError;
        try
        {
            using MultipartFormDataContent form = Forms.Job(TestImages.Png(40, 30, 21), ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "2"));
            using HttpResponseMessage response = await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            JsonElement retrying = await fixture.WaitForAsync(id, j => j.GetProperty("webhook") is { ValueKind: JsonValueKind.Object } h && h.GetProperty("attempts").GetInt32() >= 2);
            Assert.Equal("succeeded", retrying.GetProperty("status").GetString());
            JsonElement hook = retrying.GetProperty("webhook");
            Assert.Equal("pending", hook.GetProperty("state").GetString());
            Assert.Contains("500", hook.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, hook.GetProperty("nextAttemptAt").ValueKind);
            Assert.DoesNotContain(HostileHost.Password, retrying.ToString(), StringComparison.Ordinal);

            fixture.Receiver.Status = HttpStatusCode.OK;
            JsonElement delivered = await fixture.WaitSettledAsync(id);
            Assert.Equal("delivered", delivered.GetProperty("webhook").GetProperty("state").GetString());
            Assert.True(delivered.GetProperty("webhook").GetProperty("attempts").GetInt32() >= 3, delivered.ToString());
            Assert.DoesNotContain(HostileHost.Password, delivered.ToString(), StringComparison.Ordinal);
            using HttpResponseMessage list = await host.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative));
            Assert.DoesNotContain(HostileHost.Password, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            fixture.AssertPasswordNeverLogged();
        }
        finally
        {
            fixture.Receiver.Status = HttpStatusCode.OK;
        }
    }

    private static NstSettings Settings(TestAppHost host) => host.App.Services.GetRequiredService<IOptions<NstSettings>>().Value;

    // What POST /api/jobs would have made: private copies of the inputs and the spec, here with any webhook URL.
    private static async Task<JobSpec> AcceptedSpecAsync(TestAppHost host, string id, string webhook)
    {
        var snapshots = host.App.Services.GetRequiredService<InputSnapshots>();
        KeptImage content = await snapshots.KeepAsync(new BinaryData(TestImages.Png(40, 30, 22)), "photo.png", id, null, "content", CancellationToken.None);
        KeptImage style = await snapshots.KeepAsync(new BinaryData(TestImages.Style()), "style.png", id, 0, "style", CancellationToken.None);
        StyleTransferOptions options = JobOptions.Build([new OptionSource([new("size", "48"), new("iterations", "2")], OptionSurface.Api)], [new JobStyle()], OptionLimits.Default);
        return new JobSpec
        {
            Id = id,
            CreatedAt = DateTimeOffset.UtcNow,
            ContentName = "photo.png",
            Content = content.Reference,
            Styles = [new JobStyle { FileName = "style.png", Blob = style.Reference }],
            Output = $"outbox/api/{id}.png",
            Report = $"outbox/api/{id}.json",
            OutputOwner = "job:" + id,
            Options = JobOptions.Describe(options),
            WebhookUrl = webhook,
            Model = Settings(host).Model,
        };
    }

    /// <summary>Per-job webhooks must be public; the operator's webhook (with credentials in its URL) retries fast.</summary>
    public sealed class Host : HostileHost
    {
        protected override bool EveryJobHasWebhook => true;

        protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
        {
            ["Nst:Webhook:Url"] = Receiver.Url.Replace("http://", $"http://operator:{Password}@", StringComparison.Ordinal),
            ["Nst:Webhook:InitialBackoff"] = "00:00:00.3",
            ["Nst:Webhook:MaxBackoff"] = "00:00:00.6",
        };

        protected override Task SetUpAsync(TestAppHost host) => host.UploadStyleAsync(InboxHost.Style);
    }
}
