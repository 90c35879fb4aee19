using Nst.Functions.Pipeline;

namespace Nst.Functions.Tests.Infra;

public sealed class StorageTests
{
    [Fact]
    public void StorageAccounts_EveryDeclaration_DisablesSharedKeysAndPublicAccess()
    {
        var accounts = BicepText.AllFiles
            .SelectMany(f => BicepText.Resources(BicepText.Read(f), "Microsoft.Storage/storageAccounts"))
            .ToArray();

        Assert.NotEmpty(accounts);
        foreach ((string symbol, string body) in accounts)
        {
            Assert.True(body.Contains("allowSharedKeyAccess: false", StringComparison.Ordinal), $"{symbol} allows shared keys.");
            Assert.True(body.Contains("allowBlobPublicAccess: false", StringComparison.Ordinal), $"{symbol} allows public blob access.");
            Assert.True(body.Contains("minimumTlsVersion: 'TLS1_2'", StringComparison.Ordinal), $"{symbol} accepts TLS below 1.2.");
            Assert.True(body.Contains("supportsHttpsTrafficOnly: true", StringComparison.Ordinal), $"{symbol} accepts HTTP.");
        }
    }

    [Fact]
    public void BicepFiles_NoFile_UsesStorageKeysOrEnablesPublicAccess()
    {
        foreach (string file in BicepText.AllFiles)
        {
            string text = BicepText.Read(file);
            Assert.DoesNotContain("allowSharedKeyAccess: true", text, StringComparison.Ordinal);
            Assert.DoesNotContain("allowBlobPublicAccess: true", text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("listKeys", text.Replace("workspace.listKeys()", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("publicAccess: 'Blob'", text, StringComparison.Ordinal);
            Assert.DoesNotContain("publicAccess: 'Container'", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StorageLayout_Containers_EqualPipelineNames()
    {
        string text = BicepText.ReadInfra(Path.Combine("app", "storage-layout.bicep"));

        Assert.Equal(PipelineNames.Containers.Order(StringComparer.Ordinal), BicepText.StringArrayVariable(text, "containerNames").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StorageLayout_Queues_AreTheDropQueueAndItsPoisonTwin()
    {
        // Durable Task keeps its own control and work-item queues (task hub "nst" in host.json) and creates them itself.
        string text = BicepText.ReadInfra(Path.Combine("app", "storage-layout.bicep"));
        string[] expected = [PipelineNames.InboxQueue, PipelineNames.InboxQueue + "-poison"];

        Assert.Equal(expected.Order(StringComparer.Ordinal), BicepText.StringArrayVariable(text, "queueNames").Order(StringComparer.Ordinal));
    }
}
