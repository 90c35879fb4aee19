using System.Text.RegularExpressions;

namespace Nst.Functions.Tests.Infra;

/// <summary>The Bicep compiler and linter on infra/bicep/main.bicep: clean, with nothing switched off.</summary>
public sealed class BicepCompilerTests
{
    [Fact]
    public void BicepBuild_MainTemplate_CompilesWithNoErrorsOrWarnings()
    {
        BicepResult build = CompiledTemplate.Build;

        Assert.True(build.ExitCode == 0 && build.Diagnostics.Count == 0, build.Describe());
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", CompiledTemplate.Main.GetProperty("$schema").GetString());
    }

    [Fact]
    public void BicepLint_MainTemplate_ReportsNothing()
    {
        BicepResult lint = BicepCli.Run("lint", BicepText.MainPath);

        Assert.True(lint.ExitCode == 0 && lint.Diagnostics.Count == 0, lint.Describe());
    }

    [Fact]
    public void BicepCli_Version_IsThePinnedOne()
    {
        BicepResult version = BicepCli.Run("--version");

        Assert.True(version.ExitCode == 0, version.Describe());
        Assert.Contains($"Bicep CLI version {BicepCli.Version} ", version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void BicepFiles_NoFile_SilencesADiagnosticOrTheLinter()
    {
        foreach (string file in BicepText.AllFiles)
        {
            string text = BicepText.Read(file);
            Assert.False(Regex.IsMatch(text, @"#disable-(next-line|diagnostics)"), $"{Path.GetFileName(file)} suppresses a diagnostic: fix it instead.");
        }

        // Without a bicepconfig.json the linter runs its default rules; one that turns rules off would hide warnings.
        // Bicep takes the nearest one in the template's folder or any folder above it.
        var configs = Directory.GetFiles(BicepText.InfraDirectory, "bicepconfig.json", SearchOption.AllDirectories).ToList();
        for (var dir = Directory.GetParent(BicepText.InfraDirectory); dir is not null; dir = dir.Parent)
        {
            configs.AddRange(dir.GetFiles("bicepconfig.json").Select(f => f.FullName));
        }

        foreach (string config in configs)
        {
            Assert.DoesNotMatch(@"""level""\s*:\s*""(off|none|info)""", File.ReadAllText(config));
        }
    }

    [Fact]
    public void Modules_EveryReference_IsALocalFile()
    {
        foreach (string file in BicepText.AllFiles)
        {
            foreach (var (symbol, path, _) in BicepText.Modules(BicepText.Read(file)))
            {
                // Registry (br:, br/…) and template-spec (ts:) modules would need a network at build time.
                Assert.False(Regex.IsMatch(path, "^(br|ts)[:/]"), $"{Path.GetFileName(file)}: module {symbol} comes from a registry ({path}); keep modules local.");
            }
        }
    }

    [Fact]
    public void CompiledTemplate_Resources_AreThePipelinesStack()
    {
        var types = CompiledTemplate.Resources.Select(r => r.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

        string[] expected =
        [
            "Microsoft.Resources/resourceGroups",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Storage/storageAccounts/queueServices/queues",
            "Microsoft.EventGrid/systemTopics",
            "Microsoft.EventGrid/systemTopics/eventSubscriptions",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
            "Microsoft.App/managedEnvironments",
            "Microsoft.ContainerRegistry/registries",
            "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.Web/sites",
        ];
        string[] missing = expected.Where(t => !types.Contains(t)).ToArray();

        Assert.True(missing.Length == 0, "The compiled template lacks: " + string.Join(", ", missing));
    }
}
