using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Hosting;

/// <summary>The app under the Functions host: POSTs shaped as the host sends them, answers as the host expects.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CustomHandlerContractTests(AzuriteFixture azurite)
{
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private static string Invocation(JsonNode message, string id = "m-1", long dequeueCount = 1, string? popReceipt = null) => new JsonObject
    {
        ["Data"] = new JsonObject { ["message"] = message },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount,
            ["Id"] = id,
            ["PopReceipt"] = popReceipt,
            ["InsertionTime"] = "2025-06-01T10:00:00+00:00",
            ["sys"] = new JsonObject { ["MethodName"] = "x", ["UtcNow"] = "2025-06-01T10:00:01Z" },
        },
    }.ToJsonString();

    private static async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(TestAppHost host, string function, string payload)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync("/" + function, new StringContent(payload, Encoding.UTF8, "application/json"));
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, answer.RootElement.Clone());
    }

    private static void AssertShape(JsonElement answer)
    {
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("ReturnValue").ValueKind);
    }

    private async Task<TestAppHost> StartAsync(WebhookReceiver receiver) =>
        await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Nst:Webhook:Url"] = receiver.Url,
            ["Nst:Webhook:Secret"] = Secret,
            ["Nst:Model"] = "random:1",
        }, customHandler: true);

    [Fact]
    public async Task CustomHandler_QueueFunctions_AnswerTheHostsContract()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        await host.Resources.EnsureCreatedAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Contains("custom-handler", await http.GetStringAsync("/healthz"));

        // An inbox event for an upload that no longer exists is settled, not retried.
        var blobEvent = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["subject"] = $"/blobServices/default/containers/{host.Resources.Container(PipelineNames.InboxContainer)}/blobs/starry/gone.jpg",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["eventTime"] = "2025-06-01T10:00:00Z",
            ["data"] = new JsonObject { ["eTag"] = "0x8DD000000000000", ["contentLength"] = 10, ["blobType"] = "BlockBlob" },
        };
        var (inboxStatus, inboxAnswer) = await PostAsync(host, "ProcessInbox", Invocation(blobEvent));
        Assert.Equal(HttpStatusCode.OK, inboxStatus);
        AssertShape(inboxAnswer);

        // The host sends the message text as a JSON string; a chunk of a job that does not exist is a no-op.
        var (chunkStatus, chunkAnswer) = await PostAsync(host, "ProcessChunk", Invocation(JsonValue.Create("{\"jobId\":\"01jzzzzzzzzzzzzzzzzzzzzzzz\",\"chunk\":0}")!));
        Assert.Equal(HttpStatusCode.OK, chunkStatus);
        AssertShape(chunkAnswer);

        var webhook = new JsonObject { ["id"] = "msg_contract", ["url"] = receiver.Url, ["body"] = new JsonObject { ["type"] = "nst.job.succeeded" } };
        var (hookStatus, hookAnswer) = await PostAsync(host, "DeliverWebhook", Invocation(JsonValue.Create(webhook.ToJsonString())!));
        Assert.Equal(HttpStatusCode.OK, hookStatus);
        AssertShape(hookAnswer);
        WebhookReceiver.Received received = Assert.Single(receiver.Requests);
        Assert.True(new WebhookVerifier(Secret).Verify(received.Id, received.Timestamp, received.Signature, received.Body));
    }

    [Fact]
    public async Task CustomHandler_FailedWebhookAttempt_Answers500AndDelaysTheMessage()
    {
        using var receiver = new WebhookReceiver { Status = HttpStatusCode.BadGateway };
        await using TestAppHost host = await StartAsync(receiver);
        await host.Resources.EnsureCreatedAsync();
        IQueue queue = host.Resources.Queue(PipelineNames.WebhooksQueue);
        await WebhookQueue.EnqueueAsync(queue, receiver.Url, new JsonObject { ["type"] = "nst.job.failed" }, "msg_retry", CancellationToken.None);
        QueueMessage message = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        var (status, answer) = await PostAsync(host, "DeliverWebhook",
            Invocation(JsonValue.Create(message.Body.ToString())!, message.MessageId, message.DequeueCount, message.PopReceipt));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        AssertShape(answer);
        Assert.Contains(answer.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("00:00:05", StringComparison.Ordinal));
        // The handler moved the message's visibility (new pop receipt), so the host's stale one no longer works.
        var stale = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt));
        Assert.Equal(400, stale.Status);
    }

    [Theory]
    [InlineData("ProcessChunk", "this is not json")]
    [InlineData("ProcessInbox", "{\"Metadata\":{}}")]
    [InlineData("DeliverWebhook", "{\"Data\":{}}")]
    public async Task CustomHandler_MalformedPayload_Answers400WithTheShape(string function, string payload)
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        var (status, answer) = await PostAsync(host, function, payload);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertShape(answer);
    }

    [Fact]
    public async Task CustomHandler_UnreadableWebhookMessage_Answers500()
    {
        using var receiver = new WebhookReceiver();
        await using TestAppHost host = await StartAsync(receiver);
        var (status, answer) = await PostAsync(host, "DeliverWebhook", Invocation(JsonValue.Create("{\"id\":1}")!));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        AssertShape(answer);
    }
}
