using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class WebhookQueueTests
{
    [Fact]
    public async Task EnqueueAsync_WithUrl_WritesIdUrlAndBody()
    {
        var queue = new RecordingQueue();
        var body = new JsonObject { ["type"] = "nst.job.succeeded", ["data"] = new JsonObject { ["jobId"] = "01j" } };

        bool sent = await WebhookQueue.EnqueueAsync(queue, "https://hooks.example.com/nst", body, "msg_01j_succeeded", CancellationToken.None);

        Assert.True(sent);
        using JsonDocument message = JsonDocument.Parse(Assert.Single(queue.Sent).ToString());
        Assert.Equal("msg_01j_succeeded", message.RootElement.GetProperty("id").GetString());
        Assert.Equal("https://hooks.example.com/nst", message.RootElement.GetProperty("url").GetString());
        Assert.Equal("01j", message.RootElement.GetProperty("body").GetProperty("data").GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task EnqueueAsync_ParsedBack_BodyBytesAreTheSerialisedBody()
    {
        var queue = new RecordingQueue();
        var body = new JsonObject { ["type"] = "nst.job.failed", ["n"] = 1.5, ["text"] = "é \"q\"" };

        await WebhookQueue.EnqueueAsync(queue, "https://h.example/x", body, "msg_x", CancellationToken.None);
        WebhookMessage parsed = WebhookMessage.Parse(queue.Sent[0]);

        Assert.Equal(body.ToJsonString(), System.Text.Encoding.UTF8.GetString(parsed.Body.Span));
        Assert.Equal("msg_x", parsed.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task EnqueueAsync_NoUrl_SendsNothing(string? url)
    {
        var queue = new RecordingQueue();
        Assert.False(await WebhookQueue.EnqueueAsync(queue, url, new JsonObject(), "msg_y", CancellationToken.None));
        Assert.Empty(queue.Sent);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"url\":\"https://x\",\"body\":{}}")]
    [InlineData("{\"id\":\"m\",\"body\":{}}")]
    [InlineData("{\"id\":\"m\",\"url\":\"https://x\",\"body\":\"text\"}")]
    public void Parse_Malformed_ThrowsInvalidData(string text) =>
        Assert.Throws<InvalidDataException>(() => WebhookMessage.Parse(BinaryData.FromString(text)));
}
