using System.Text.Json.Nodes;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

public sealed class WebhookBodyTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JobSpec Spec = new()
    {
        Id = "7ybq1hmz6zpweg1tc4c9927z2v",
        CreatedAt = Created,
        Source = new JobSource { Kind = JobSourceKinds.Drop, Blob = "inbox/starry/a.jpg" },
        ContentName = "a.jpg",
        Styles = [new JobStyle { Name = "starry" }, new JobStyle { FileName = "mine.png" }],
        Output = "outbox/starry/a.jpg",
        Report = "outbox/starry/a.json",
    };

    private static JsonNode Body(JobStatus status, JobError? error = null) =>
        JsonNode.Parse(WebhookBody.Build(Spec, new JobState { Progress = new JobProgress { Iteration = 120 } }.Finished(status, Created.AddSeconds(90.5).UtcDateTime, error)))!;

    [Theory]
    [InlineData(JobStatus.Succeeded, "msg_j1_succeeded")]
    [InlineData(JobStatus.Failed, "msg_j1_failed")]
    [InlineData(JobStatus.Cancelled, "msg_j1_cancelled")]
    public void IdFor_Status_MsgJobEvent(JobStatus status, string expected)
    {
        Assert.Equal(expected, WebhookBody.IdFor("j1", status));
    }

    [Fact]
    public void Build_Succeeded_TypeDataOutputAndReport()
    {
        JsonNode body = Body(JobStatus.Succeeded);

        Assert.Equal("nst.job.succeeded", body["type"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:01:30.500Z", body["timestamp"]!.GetValue<string>());
        JsonNode data = body["data"]!;
        Assert.Equal(Spec.Id, data["jobId"]!.GetValue<string>());
        Assert.Equal("succeeded", data["status"]!.GetValue<string>());
        Assert.Equal("inbox/starry/a.jpg", data["input"]!.GetValue<string>());
        Assert.Equal("starry,mine.png", data["style"]!.GetValue<string>());
        Assert.Equal("outbox/starry/a.jpg", data["output"]!.GetValue<string>());
        Assert.Equal("outbox/starry/a.json", data["report"]!.GetValue<string>());
        Assert.Equal(120, data["iterations"]!.GetValue<int>());
        Assert.Equal(90.5, data["durationSeconds"]!.GetValue<double>());
        Assert.Null(data["error"]);
    }

    [Fact]
    public void Build_Failed_ErrorAndNoOutputOrReport()
    {
        JsonNode data = Body(JobStatus.Failed, new JobError(JobErrorCodes.ChunkFailed, "Chunk 3 failed 5 times"))["data"]!;

        Assert.Equal("failed", data["status"]!.GetValue<string>());
        Assert.Null(data["output"]);
        Assert.Null(data["report"]);
        Assert.Equal(JobErrorCodes.ChunkFailed, data["error"]!["code"]!.GetValue<string>());
        Assert.Equal("Chunk 3 failed 5 times", data["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void Build_Cancelled_NoOutputNoError()
    {
        JsonNode body = Body(JobStatus.Cancelled);

        Assert.Equal("nst.job.cancelled", body["type"]!.GetValue<string>());
        Assert.Null(body["data"]!["output"]);
        Assert.Null(body["data"]!["error"]);
    }

    [Fact]
    public void Build_SameInputs_SameBytes()
    {
        var state = new JobState().Finished(JobStatus.Succeeded, Created.AddMinutes(2).UtcDateTime);

        Assert.Equal(WebhookBody.Build(Spec, state), WebhookBody.Build(Spec with { }, state with { }));
    }
}
