using System.Text.Json;

namespace Nst.Functions.Tests.Infra;

/// <summary>
/// The function app's settings, read from the compiled template (the one <c>appSettings</c> object in
/// app/function-app.bicep), against the names the code reads (<see cref="CodeSettingNames"/>): every setting the
/// code reads is set in Azure, and every setting Azure gets is read by the code or the platform.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>Read by the Functions platform, not by our code; each one with its reason.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        ["FUNCTIONS_EXTENSION_VERSION"] = "the Functions host's major version (~4)",
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated: the host starts our app as its worker",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the host's and the worker's telemetry",
        ["DOCKER_REGISTRY_SERVER_URL"] = "the registry the platform pulls the image from (with the identity, acrUseManagedIdentityCreds)",
    };

    /// <summary>Read by the code but deliberately not set in Azure.</summary>
    private static readonly Dictionary<string, string> LocalOnly = new(StringComparer.Ordinal)
    {
        ["Nst__NamePrefix"] = "isolates tests that share one Azurite; Azure uses the plain container and queue names",
    };

    private static JsonElement SettingsObject =>
        CompiledTemplate.TemplateDeclaring("Microsoft.Web/sites").GetProperty("variables").GetProperty("appSettings");

    private static Dictionary<string, string> Settings =>
        SettingsObject.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static HashSet<string> BicepNames => Settings.Keys.ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> CodeNames => CodeSettingNames.All.ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void AppSettings_EveryNameTheCodeReads_IsSetByBicep()
    {
        string[] missing = CodeNames
            .Where(n => !LocalOnly.ContainsKey(n) && !BicepNames.Contains(n))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(missing.Length == 0,
            $"The code reads settings app/function-app.bicep does not set: {string.Join(", ", missing)} (storage names from {CodeSettingNames.StorageSource}).");
    }

    [Fact]
    public void AppSettings_EveryNameBicepSets_IsReadByTheCodeOrThePlatform()
    {
        string[] unread = BicepNames
            .Where(n => !CodeNames.Contains(n) && !PlatformSettings.ContainsKey(n))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(unread.Length == 0,
            $"app/function-app.bicep sets settings nothing reads: {string.Join(", ", unread)} (storage names from {CodeSettingNames.StorageSource}).");
    }

    [Fact]
    public void AppSettings_PlatformAndLocalOnlyEntries_StillApply()
    {
        foreach (string name in PlatformSettings.Keys)
        {
            Assert.True(BicepNames.Contains(name), $"{name} is listed as a platform setting but Bicep does not set it.");
            Assert.False(CodeNames.Contains(name), $"The code reads {name}: it is not a platform-only setting any more.");
        }

        foreach (string name in LocalOnly.Keys)
        {
            Assert.True(CodeNames.Contains(name), $"The code no longer reads {name}: delete it from LocalOnly.");
            Assert.False(BicepNames.Contains(name), $"{name} is local-only, yet Bicep sets it.");
        }
    }

    [Fact]
    public void CodeSettingNames_NstSettings_WalkIntoNestedSections()
    {
        Assert.Contains("Nst__ChunkSeconds", CodeSettingNames.Nst);
        Assert.Contains("Nst__Webhook__Secret", CodeSettingNames.Nst);
        Assert.DoesNotContain("Nst__Webhook", CodeSettingNames.Nst);
    }

    [Fact]
    public void CodeSettingNames_Storage_AreIdentityBasedForms()
    {
        Assert.NotEmpty(CodeSettingNames.Storage);
        Assert.All(CodeSettingNames.Storage, n => Assert.StartsWith("AzureWebJobsStorage__", n, StringComparison.Ordinal));
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", CodeSettingNames.Storage);
        Assert.Contains("AzureWebJobsStorage__clientId", CodeSettingNames.Storage);
    }

    [Fact]
    public void AppSettings_Platform_RunsTheV4HostWithTheIsolatedWorker()
    {
        Assert.Equal("~4", Settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("dotnet-isolated", Settings["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void AppSettings_Storage_IsIdentityBasedWithTheUserAssignedIdentity()
    {
        Dictionary<string, string> settings = Settings;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('storageBlobEndpoint')]", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("[parameters('storageQueueEndpoint')]", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("[parameters('storageTableEndpoint')]", settings["AzureWebJobsStorage__tableServiceUri"]);

        string main = BicepText.Read(BicepText.MainPath);
        Assert.Contains("identityClientId: identity.outputs.clientId", main, StringComparison.Ordinal);
        Assert.Contains("storageTableEndpoint: storage.outputs.primaryEndpoints.table", main, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_Secrets_AreKeyVaultReferencesResolvedWithTheUserAssignedIdentity()
    {
        Dictionary<string, string> settings = Settings;
        JsonElement site = Assert.Single(CompiledTemplate.Resources, r => r.Type == "Microsoft.Web/sites").Resource;

        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0})'", settings["Nst__Webhook__Secret"], StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0})'", settings["Nst__ApiKey"], StringComparison.Ordinal);
        Assert.Equal("[parameters('identityId')]", site.GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("securestring", CompiledTemplate.Parameter("webhookSecret").GetProperty("type").GetString(), ignoreCase: true);
        Assert.Equal("securestring", CompiledTemplate.Parameter("apiKey").GetProperty("type").GetString(), ignoreCase: true);
    }

    [Fact]
    public void AppSettings_Site_TakesTheOneSettingsObjectLeavingEmptyValuesOut()
    {
        JsonElement site = Assert.Single(CompiledTemplate.Resources, r => r.Type == "Microsoft.Web/sites").Resource;
        string expression = site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").GetString()!;

        Assert.StartsWith("[map(filter(items(variables('appSettings')), lambda('setting', not(empty(", expression, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "models/vgg19.safetensors")]
    [InlineData("device", "auto")]
    public void Parameters_Defaults_DeployTheRealModel(string parameter, string expected)
    {
        Assert.Equal(expected, CompiledTemplate.Parameter(parameter).GetProperty("defaultValue").GetString());
    }

    [Theory]
    [InlineData("allowRandomModel")]
    [InlineData("webhookAllowPrivateNetworks")]
    public void Parameters_SafetySwitches_DefaultToFalse(string parameter)
    {
        Assert.Equal(JsonValueKind.False, CompiledTemplate.Parameter(parameter).GetProperty("defaultValue").ValueKind);
    }
}
