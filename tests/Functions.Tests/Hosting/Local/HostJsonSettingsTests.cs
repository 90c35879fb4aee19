using Microsoft.Extensions.Configuration;
using Nst.Functions.Hosting.Local;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting.Local;

public sealed class HostJsonSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nst-hostjson-").FullName;

    private static string RepositoryHostJson => Path.Combine(RepositoryPaths.Root, HostJsonSettings.FileName);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private string Write(string json)
    {
        string path = Path.Combine(_folder, HostJsonSettings.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_RepositoryHostJson_ReadsHubAndProviderSettings()
    {
        HostJsonSettings settings = HostJsonSettings.Load(RepositoryHostJson);

        Assert.Equal("nst", settings.HubName);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(1, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(10, settings.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.FunctionTimeout);
    }

    [Fact]
    public void Load_NoFile_Defaults()
    {
        HostJsonSettings settings = HostJsonSettings.Load(Path.Combine(_folder, "missing.json"));

        Assert.Equal(new HostJsonSettings(), settings);
    }

    [Fact]
    public void Load_ConfigurationOverrides_WinOverTheFile()
    {
        IConfiguration configuration = Config(
            ("AzureFunctionsJobHost:extensions:durableTask:hubName", "other7"),
            ("AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", "00:00:45"),
            ("AzureFunctionsJobHost:extensions:durableTask:storageProvider:partitionCount", "2"),
            ("AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions", "3"),
            ("AzureFunctionsJobHost:functionTimeout", "01:00:00"));

        HostJsonSettings settings = HostJsonSettings.Load(RepositoryHostJson, configuration);

        Assert.Equal("other7", settings.HubName);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(2, settings.PartitionCount);
        Assert.Equal(3, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(TimeSpan.FromHours(1), settings.FunctionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.ControlQueueVisibilityTimeout);
    }

    [Fact]
    public void Load_EnvironmentVariableSpelling_Overrides()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("AzureFunctionsJobHost__extensions__durableTask__hubName".Replace("__", ":", StringComparison.Ordinal), "envhub")])
            .Build();

        Assert.Equal("envhub", HostJsonSettings.Load(RepositoryHostJson, configuration).HubName);
    }

    [Fact]
    public void Load_KeysInAnyCase_Read()
    {
        string path = Write("""{"Extensions": {"DurableTask": {"HubName": "CasedHub", "StorageProvider": {"MaxQueuePollingInterval": "00:00:01"}}}}""");

        HostJsonSettings settings = HostJsonSettings.Load(path);

        Assert.Equal("CasedHub", settings.HubName);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.MaxQueuePollingInterval);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_Accepted()
    {
        string path = Write("""
            {
              // the hub
              "extensions": { "durableTask": { "hubName": "commented", }, },
            }
            """);

        Assert.Equal("commented", HostJsonSettings.Load(path).HubName);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("my-hub")]
    [InlineData("hub_x")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Load_BadHubName_FormatExceptionNamingTheKey(string hub)
    {
        var e = Assert.Throws<FormatException>(() => HostJsonSettings.Load(RepositoryHostJson, Config(("AzureFunctionsJobHost:extensions:durableTask:hubName", hub))));

        Assert.Contains("hubName", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storageProvider:workItemQueueVisibilityTimeout", "soon", "workItemQueueVisibilityTimeout")]
    [InlineData("storageProvider:controlQueueVisibilityTimeout", "00:00:00", "controlQueueVisibilityTimeout")]
    [InlineData("storageProvider:maxQueuePollingInterval", "-00:00:01", "maxQueuePollingInterval")]
    [InlineData("storageProvider:partitionCount", "17", "partitionCount")]
    [InlineData("storageProvider:partitionCount", "four", "partitionCount")]
    [InlineData("maxConcurrentActivityFunctions", "0", "maxConcurrentActivityFunctions")]
    public void Load_BadValue_FormatExceptionNamingTheKey(string key, string value, string mentioned)
    {
        var e = Assert.Throws<FormatException>(() => HostJsonSettings.Load(RepositoryHostJson, Config(($"AzureFunctionsJobHost:extensions:durableTask:{key}", value))));

        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadTimeSpanInTheFile_FormatExceptionNamingTheKey()
    {
        string path = Write("""{"functionTimeout": "half an hour"}""");

        var e = Assert.Throws<FormatException>(() => HostJsonSettings.Load(path));

        Assert.Contains("functionTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_FormatException()
    {
        string path = Write("{ not json");

        var e = Assert.Throws<FormatException>(() => HostJsonSettings.Load(path));

        Assert.Contains("host.json", e.Message, StringComparison.Ordinal);
    }
}
