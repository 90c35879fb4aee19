using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Hosting;

/// <summary>The Azure Functions files (host.json, functions/*/function.json) agree with the functions the app registers.</summary>
public sealed class FunctionFolderTests
{
    private static string FunctionsDir => Path.Combine(RepositoryPaths.Root, "functions");

    private static JsonElement Trigger(string function)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsDir, function, "function.json")));
        return document.RootElement.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone();
    }

    private static List<IQueueFunction> RegisteredFunctions()
    {
        IConfiguration configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        services.AddNstPipeline(configuration);
        services.AddNstWebhooks(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetServices<IQueueFunction>().ToList();
    }

    [Fact]
    public void QueueFunctions_EachRegisteredFunction_HasAMatchingQueueTriggerFolder()
    {
        List<IQueueFunction> functions = RegisteredFunctions();
        Assert.Equal(["DeliverWebhook", "ProcessChunk", "ProcessInbox"], functions.Select(f => f.Name).Order());
        foreach (IQueueFunction function in functions)
        {
            JsonElement trigger = Trigger(function.Name);
            Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(function.QueueName, trigger.GetProperty("queueName").GetString());
            Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
            Assert.Equal(CustomHandlerRequest.BindingName, trigger.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void FunctionFolders_EveryQueueTriggerFolder_IsARegisteredFunction()
    {
        var registered = RegisteredFunctions().Select(f => f.Name).ToHashSet();
        foreach (string dir in Directory.GetDirectories(FunctionsDir))
        {
            string name = Path.GetFileName(dir);
            if (Trigger(name).GetProperty("type").GetString() == "queueTrigger")
            {
                Assert.Contains(name, registered);
            }
        }
    }

    [Fact]
    public void ApiFolder_HttpTrigger_ForwardsApiRoutes()
    {
        JsonElement trigger = Trigger("Api");
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("api/{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(["get", "post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void HostJson_CustomHandlerSection_PointsAtTheAppAndForwardsHttp()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")));
        JsonElement root = host.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", root.GetProperty("extensionBundle").GetProperty("version").GetString());
        JsonElement handler = root.GetProperty("customHandler");
        Assert.Equal("Nst.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Nst.Functions.dll")));
    }
}
