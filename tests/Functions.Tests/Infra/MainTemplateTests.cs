using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nst.Functions.Tests.Infra;

public sealed partial class MainTemplateTests
{
    private static readonly string Main = BicepText.Read(BicepText.MainPath);

    [Fact]
    public void Modules_EveryReference_PointsAtAnExistingFile()
    {
        int count = 0;
        foreach (string file in BicepText.AllFiles)
        {
            foreach (var (symbol, path, _) in BicepText.Modules(BicepText.Read(file)))
            {
                string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                Assert.True(File.Exists(target), $"{Path.GetFileName(file)}: module {symbol} points at missing {path}.");
                count++;
            }
        }

        Assert.True(count >= 10, $"Expected main.bicep's modules, found {count}.");
    }

    [Fact]
    public void Modules_EveryDeclarationInMain_HasAOneLineCommentAbove()
    {
        string[] lines = Main.Split('\n');
        foreach (var (symbol, _, line) in BicepText.Modules(Main))
        {
            Assert.True(line > 0 && lines[line - 1].StartsWith("// ", StringComparison.Ordinal), $"module {symbol} has no comment above it.");
        }
    }

    [Fact]
    public void Parameters_EveryEntryInParametersJson_IsDeclaredInMain()
    {
        var declared = BicepText.Parameters(Main).ToHashSet(StringComparer.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepText.InfraDirectory, "main.parameters.json")));
        string[] given = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains("environmentName", given);
        string[] undeclared = given.Where(p => !declared.Contains(p)).ToArray();
        Assert.True(undeclared.Length == 0, "main.parameters.json sets parameters main.bicep does not declare: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Parameters_EveryRequiredParameterOfMain_IsInParametersJson()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepText.InfraDirectory, "main.parameters.json")));
        var given = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        string[] required = RequiredParamRegex().Matches(Main).Select(m => m.Groups[1].Value).ToArray();

        Assert.Contains("location", required);
        string[] missing = required.Where(p => !given.Contains(p)).ToArray();
        Assert.True(missing.Length == 0, "main.bicep requires parameters main.parameters.json does not set: " + string.Join(", ", missing));
    }

    [Fact]
    public void ParametersJson_AzdVariables_AreTheStandardOnes()
    {
        string text = File.ReadAllText(Path.Combine(BicepText.InfraDirectory, "main.parameters.json"));

        Assert.Contains("\"${AZURE_ENV_NAME}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"${AZURE_LOCATION}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"${AZURE_PRINCIPAL_ID}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_EveryOutputOfMain_IsUpperSnakeCase()
    {
        IReadOnlyList<string> outputs = BicepText.Outputs(Main);

        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", o));
        foreach (string required in new[] { "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_URL", "AZURE_KEY_VAULT_NAME", "AZURE_CONTAINER_REGISTRY_ENDPOINT" })
        {
            Assert.Contains(required, outputs);
        }
    }

    [Fact]
    public void ResourceNames_EveryNameGivenToAModule_IncludesTheResourceToken()
    {
        Assert.Contains("targetScope = 'subscription'", Main, StringComparison.Ordinal);
        Assert.Contains("var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))", Main, StringComparison.Ordinal);
        Assert.Contains("name: 'rg-${environmentName}'", Main, StringComparison.Ordinal);

        string[] names = ModuleParamNameRegex().Matches(Main).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("${resourceToken}", n, StringComparison.Ordinal));
        Assert.All(Main.Split('\n').Where(l => l.Contains("abbrs.", StringComparison.Ordinal)), l => Assert.Contains("resourceToken", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Tags_ResourceGroupAndModules_CarryTheAzdEnvironmentName()
    {
        Assert.Contains("var tags = { 'azd-env-name': environmentName }", Main, StringComparison.Ordinal);
        foreach (string file in BicepText.AllFiles.Where(f => !f.EndsWith("main.bicep", StringComparison.Ordinal)))
        {
            string text = BicepText.Read(file);
            if (Regex.IsMatch(text, @"^\s+location: location\s*$", RegexOptions.Multiline))
            {
                Assert.True(text.Contains("tags: tags", StringComparison.Ordinal) || text.Contains("tags: union(tags", StringComparison.Ordinal),
                    $"{Path.GetFileName(file)} creates a located resource without the azd tags.");
            }
        }
    }

    [Fact]
    public void FunctionApp_Site_IsAFunctionAppOnContainerAppsWithAUserAssignedIdentity()
    {
        string text = BicepText.ReadInfra(Path.Combine("app", "function-app.bicep"));
        var (_, site) = Assert.Single(BicepText.Resources(text, "Microsoft.Web/sites"));

        Assert.Contains("kind: 'functionapp,linux,container,azurecontainerapps'", site, StringComparison.Ordinal);
        Assert.Contains("managedEnvironmentId: managedEnvironmentId", site, StringComparison.Ordinal);
        Assert.Contains("workloadProfileName: workloadProfileName", site, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'api'", site, StringComparison.Ordinal);
        Assert.Contains("linuxFxVersion: 'DOCKER|${image}'", site, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerAppsEnvironment_GpuProfile_IsAddedOnlyWhenATypeIsGiven()
    {
        string[] allowed = CompiledTemplate.Parameter("gpuProfileType").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToArray();

        Assert.Equal(["", "Consumption-GPU-NC8as-T4", "Consumption-GPU-NC24-A100"], allowed);
        Assert.Equal("", CompiledTemplate.Parameter("gpuProfileType").GetProperty("defaultValue").GetString());
        Assert.Contains("extraWorkloadProfiles: empty(gpuProfileType) ? [] : [", Main, StringComparison.Ordinal);
        Assert.Contains("workloadProfileType: gpuProfileType", Main, StringComparison.Ordinal);
        Assert.Contains("var workloadProfileName = empty(gpuProfileType) ? 'Consumption' : gpuProfileName", Main, StringComparison.Ordinal);
        Assert.Contains("workloadProfileName: workloadProfileName", Main, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_ReplicaSize_IsKnownForEveryGpuProfile()
    {
        // A serverless GPU replica takes the whole profile; each allowed type needs its size.
        var sizes = CompiledTemplate.Main.GetProperty("variables").GetProperty("gpuReplicaSizes");
        string[] gpuTypes = CompiledTemplate.Parameter("gpuProfileType").GetProperty("allowedValues").EnumerateArray()
            .Select(v => v.GetString()!).Where(v => v.Length > 0).ToArray();

        Assert.All(gpuTypes, t => Assert.True(sizes.TryGetProperty(t, out _), $"gpuReplicaSizes has no entry for {t}."));
    }

    [Fact]
    public void FunctionApp_MinReplicas_DefaultKeepsOneReplicaForTheTaskHub()
    {
        // Durable Task on Azure Storage does not scale Functions on Container Apps from zero (docs/deploy.md).
        Assert.Equal(1, CompiledTemplate.Parameter("functionMinReplicas").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void AppSettings_OnlyTheFunctionAppModule_DeclaresThem()
    {
        string[] declaring = BicepText.AllFiles.Where(f => BicepText.Read(f).Contains("appSettings", StringComparison.Ordinal)).Select(Path.GetFileName).ToArray()!;

        Assert.Equal(["function-app.bicep"], declaring);
    }

    [GeneratedRegex(@"^param\s+(\w+)\s+[\w\[\]]+\s*$", RegexOptions.Multiline)]
    private static partial Regex RequiredParamRegex();

    [GeneratedRegex(@"^ {4}name: '([^']*)'", RegexOptions.Multiline)]
    private static partial Regex ModuleParamNameRegex();
}
