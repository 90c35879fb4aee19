namespace Nst.Functions.Tests.Infra;

public sealed class AppSettingsTests
{
    /// <summary>Settings the Functions platform reads, not our code; each one is here for a stated reason.</summary>
    private static readonly string[] PlatformSettings =
    [
        "FUNCTIONS_EXTENSION_VERSION", // the host's major version
        "FUNCTIONS_WORKER_RUNTIME", // custom: the host forwards invocations to our handler
        "APPLICATIONINSIGHTS_CONNECTION_STRING", // the host's telemetry
        "DOCKER_REGISTRY_SERVER_URL", // where the platform pulls the image from
    ];

    private static IReadOnlyList<(string Name, string Value)> FunctionAppSettings { get; } =
        BicepText.AppSettings(BicepText.ReadInfra(Path.Combine("app", "function-app.bicep"))).ToArray();

    [Fact]
    public void CodeSettingNames_NstSettings_WalkIntoNestedSections()
    {
        Assert.Contains("Nst__ChunkSeconds", CodeSettingNames.Nst);
        Assert.Contains("Nst__Webhook__Secret", CodeSettingNames.Nst);
        Assert.DoesNotContain("Nst__Webhook", CodeSettingNames.Nst);
    }

    [Fact]
    public void CodeSettingNames_StorageConnection_IncludesIdentityBasedForms()
    {
        Assert.Contains("AzureWebJobsStorage__accountName", CodeSettingNames.Storage);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", CodeSettingNames.Storage);
        Assert.Contains("AzureWebJobsStorage__clientId", CodeSettingNames.Storage);
    }

    [Fact]
    public void AppSettings_EveryBicepFile_NamesOnlySettingsTheCodeOrPlatformReads()
    {
        var known = new HashSet<string>(CodeSettingNames.Nst.Concat(CodeSettingNames.Storage).Concat(PlatformSettings), StringComparer.Ordinal);
        var unknown = BicepText.AllFiles
            .SelectMany(f => BicepText.AppSettings(BicepText.Read(f)).Select(s => $"{Path.GetFileName(f)}: {s.Name}"))
            .Where(s => !known.Contains(s[(s.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToArray();

        Assert.NotEmpty(FunctionAppSettings);
        Assert.True(unknown.Length == 0, "App settings no code reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void AppSettings_FunctionApp_SetsEveryNstSetting()
    {
        // NamePrefix isolates tests sharing one Azurite; in Azure the names are unprefixed, so it stays unset.
        string[] localOnly = ["Nst__NamePrefix"];
        var set = FunctionAppSettings.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var missing = CodeSettingNames.Nst.Except(localOnly).Where(n => !set.Contains(n)).ToArray();

        Assert.True(missing.Length == 0, "NstSettings members without an app setting in Bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void AppSettings_FunctionApp_UsesIdentityBasedStorageWithTheUserAssignedIdentity()
    {
        var settings = FunctionAppSettings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("identityClientId", settings["AzureWebJobsStorage__clientId"]);
        foreach (string name in new[] { "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri" })
        {
            Assert.Contains(name, settings.Keys);
        }
    }

    [Fact]
    public void AppSettings_FunctionApp_RunsTheV4HostWithACustomHandler()
    {
        var settings = FunctionAppSettings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.Equal("'~4'", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("'custom'", settings["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void AppSettings_Secrets_AreKeyVaultReferencesResolvedWithTheUserAssignedIdentity()
    {
        string text = BicepText.ReadInfra(Path.Combine("app", "function-app.bicep"));
        var settings = FunctionAppSettings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.StartsWith("'@Microsoft.KeyVault(SecretUri=", settings["Nst__Webhook__Secret"], StringComparison.Ordinal);
        Assert.StartsWith("'@Microsoft.KeyVault(SecretUri=", settings["Nst__ApiKey"], StringComparison.Ordinal);
        Assert.Contains("keyVaultReferenceIdentity: identityId", text, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssigned'", text, StringComparison.Ordinal);
    }
}
