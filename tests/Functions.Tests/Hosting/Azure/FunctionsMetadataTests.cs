using System.Text.Json;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>
/// What the Functions host will see: the worker SDK writes functions.metadata when the app builds; every function the
/// host must index is there with its trigger, and the names the host needs — the orchestrator, each activity, the
/// drop trigger's queue and connection, the HTTP routes — are the ones the code uses.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string AppFolder = Path.GetDirectoryName(HostProcess.AppDll)!;

    private static Dictionary<string, JsonElement> Functions()
    {
        string path = Path.Combine(AppFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"The build wrote no {path}.");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void Metadata_Durable_OrchestratorAndEveryActivityByTheirTaskNames()
    {
        var functions = Functions();

        Assert.Equal("orchestrationTrigger", Trigger(functions[TaskNames.StyleJob]).GetProperty("type").GetString());
        foreach (string activity in new[] { TaskNames.PrepareDrop, TaskNames.RunChunk, TaskNames.FinishJob, TaskNames.SendWebhook })
        {
            Assert.True(functions.ContainsKey(activity), $"no function {activity}");
            Assert.Equal("activityTrigger", Trigger(functions[activity]).GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Metadata_DropTrigger_ReadsTheInboxQueueOnTheAppsStorage()
    {
        JsonElement trigger = Trigger(Functions()["DropTrigger"]);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(PipelineNames.InboxQueue, trigger.GetProperty("queueName").GetString());
        Assert.Equal(StorageSettings.ConnectionName, trigger.GetProperty("connection").GetString());
        Assert.Contains(Functions()["DropTrigger"].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData("SubmitJob", "api/jobs", "post")]
    [InlineData("ListJobs", "api/jobs", "get")]
    [InlineData("GetJob", "api/jobs/{id}", "get")]
    [InlineData("GetJobResult", "api/jobs/{id}/result", "get")]
    [InlineData("GetJobPreview", "api/jobs/{id}/preview", "get")]
    [InlineData("CancelJob", "api/jobs/{id}/cancel", "post")]
    [InlineData("ListOptions", "api/options", "get")]
    [InlineData("ListStyles", "api/styles", "get")]
    [InlineData("Health", "healthz", "get")]
    [InlineData("Page", "{file?}", "get")]
    public void Metadata_Http_RoutesAsTheLocalHostServesThem(string function, string route, string method)
    {
        JsonElement trigger = Trigger(Functions()[function]);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Contains(method, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
    }

    [Fact]
    public void Metadata_EveryFunction_IsOneOfOurs()
    {
        string[] expected =
        [
            TaskNames.StyleJob, TaskNames.PrepareDrop, TaskNames.RunChunk, TaskNames.FinishJob, TaskNames.SendWebhook, "DropTrigger",
            "SubmitJob", "ListJobs", "GetJob", "GetJobResult", "GetJobPreview", "CancelJob", "ListOptions", "ListStyles", "ApiNotFound", "Health", "Page",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_WorkerFiles_BesideTheApp()
    {
        Assert.True(File.Exists(Path.Combine(AppFolder, "worker.config.json")));
        Assert.True(File.Exists(Path.Combine(AppFolder, "host.json")));
        Assert.True(File.Exists(Path.Combine(AppFolder, "wwwroot", "index.html")));
        Assert.False(File.ReadAllText(Path.Combine(AppFolder, "host.json")).Contains("customHandler", StringComparison.Ordinal));
    }
}
