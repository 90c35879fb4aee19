using Microsoft.Extensions.Configuration;
using Nst.Functions.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting;

public sealed class HostJsonSettingsTests
{
    private static string RepoHostJson => Path.Combine(RepositoryPaths.Root, "host.json");

    [Fact]
    public void Load_RepositoryHostJson_HasTheContractQueueSettings()
    {
        HostJsonSettings settings = HostJsonSettings.Load(RepoHostJson);
        Assert.Equal(4, settings.Queues.BatchSize);
        Assert.Equal(2, settings.Queues.NewBatchThreshold);
        Assert.Equal(5, settings.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.FunctionTimeout);
    }

    [Fact]
    public void Load_CopiedBesideTheApp_SameAsRepository()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "host.json");
        Assert.Equal(File.ReadAllText(RepoHostJson), File.ReadAllText(beside));
    }

    [Fact]
    public void Load_MissingFile_FunctionsHostDefaults()
    {
        HostJsonSettings settings = HostJsonSettings.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "host.json"));
        Assert.Equal(16, settings.Queues.BatchSize);
        Assert.Equal(8, settings.Queues.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.Zero, settings.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Queues.MaxPollingInterval);
        Assert.Null(settings.FunctionTimeout);
    }

    [Fact]
    public void Load_AzureFunctionsJobHostSettings_OverrideTheFile()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.5",
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
        }).Build();

        HostJsonSettings settings = HostJsonSettings.Load(RepoHostJson, configuration);

        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.Queues.VisibilityTimeout);
        Assert.Equal(2, settings.Queues.MaxDequeueCount);
        Assert.Equal(4, settings.Queues.BatchSize);
    }

    [Theory]
    [InlineData("{\"extensions\":{\"queues\":{\"batchSize\":0}}}", "batchSize")]
    [InlineData("{\"extensions\":{\"queues\":{\"batchSize\":\"many\"}}}", "batchSize")]
    [InlineData("{\"extensions\":{\"queues\":{\"visibilityTimeout\":\"soon\"}}}", "visibilityTimeout")]
    [InlineData("{\"functionTimeout\":\"forever\"}", "functionTimeout")]
    [InlineData("{ not json", "not valid JSON")]
    public void Parse_BadValue_FormatExceptionNamingIt(string json, string named)
    {
        var e = Assert.Throws<FormatException>(() => HostJsonSettings.Parse(json));
        Assert.Contains(named, e.Message);
    }
}
