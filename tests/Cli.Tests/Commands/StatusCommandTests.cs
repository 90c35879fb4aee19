using Nst.Cli.Api;
using Nst.Cli.Commands;
using Nst.Cli.Tests.Api;

namespace Nst.Cli.Tests.Commands;

public sealed class StatusCommandTests
{
    private const string RunningJob = """
        {"id":"j1","status":"running","cancelRequested":true,
         "progress":{"chunk":3,"scale":1,"scales":2,"iteration":40,"iterations":100,"losses":{"content":1.5,"style":2500,"tv":0.25,"total":2501.75}}}
        """;

    [Fact]
    public async Task Run_Text_ShowsStatusProgressAndLosses()
    {
        using var server = new FakeServer((_, _) => FakeServer.Json(RunningJob));
        using var client = new NstApiClient(new Uri("http://nst.test/"), null, server);
        var output = new StringWriter();

        await StatusCommand.RunAsync(client, "j1", json: false, output, CancellationToken.None);

        string text = output.ToString();
        Assert.Contains("status    running (cancel requested)", text, StringComparison.Ordinal);
        Assert.Contains("progress  scale 2/2, iteration 40/100", text, StringComparison.Ordinal);
        Assert.Contains("losses    content 1.5  style 2500  tv 0.25  total 2502", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_PrintsTheServersJsonUnchanged()
    {
        using var server = new FakeServer((_, _) => FakeServer.Json(RunningJob));
        using var client = new NstApiClient(new Uri("http://nst.test/"), null, server);
        var output = new StringWriter();

        await StatusCommand.RunAsync(client, "j1", json: true, output, CancellationToken.None);

        Assert.Equal(RunningJob, output.ToString().TrimEnd('\n', '\r'));
    }

    [Fact]
    public void Describe_FailedJob_ShowsTheError()
    {
        var job = new JobView { Id = "j", Status = "failed", Error = new JobErrorView { Code = "chunk_failed", Message = "boom." } };

        Assert.Contains("error     chunk_failed: boom.", JobStatusText.Describe(job), StringComparison.Ordinal);
    }
}
