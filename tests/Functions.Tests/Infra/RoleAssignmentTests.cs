using System.Text.RegularExpressions;

namespace Nst.Functions.Tests.Infra;

public sealed partial class RoleAssignmentTests
{
    [Fact]
    public void RoleAssignments_EveryDeclaration_IsNamedWithGuid()
    {
        var assignments = BicepText.AllFiles
            .SelectMany(f => BicepText.Resources(BicepText.Read(f), "Microsoft.Authorization/roleAssignments").Select(r => (File: Path.GetFileName(f), r.Symbol, r.Body)))
            .ToArray();

        Assert.True(assignments.Length >= 4, $"Expected the role helpers and Event Grid's assignment, found {assignments.Length}.");
        foreach (var (file, symbol, body) in assignments)
        {
            Assert.True(NameGuidRegex().IsMatch(body), $"{file}: role assignment {symbol} is not named guid(scope, principal, role).");
        }
    }

    [Fact]
    public void RoleIds_EveryVariable_HasACommentNamingTheRole()
    {
        foreach (string file in BicepText.AllFiles)
        {
            string[] lines = BicepText.Read(file).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (RoleVariableRegex().IsMatch(lines[i]))
                {
                    Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal),
                        $"{Path.GetFileName(file)}:{i + 1}: role id variable without a comment saying which role and why.");
                }
            }
        }
    }

    [Theory]
    [InlineData("storageBlobDataOwnerRoleId", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b")]
    [InlineData("storageQueueDataContributorRoleId", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")]
    [InlineData("storageTableDataContributorRoleId", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")]
    [InlineData("keyVaultSecretsUserRoleId", "4633458b-17de-408a-b874-0445c86b69e6")]
    [InlineData("acrPullRoleId", "7f951dda-4ed3-4680-a7ca-43fe172d538d")]
    public void MainTemplate_AppIdentity_IsGrantedRole(string variable, string roleId)
    {
        string main = BicepText.Read(BicepText.MainPath);

        Assert.Contains($"var {variable} = '{roleId}'", main, StringComparison.Ordinal);
        // The variable is used in a module granting roles to the app's identity.
        var appModules = BicepText.Modules(main)
            .Select(m => BicepText.BlockAt(main, main.IndexOf('{', main.IndexOf($"module {m.Symbol} ", StringComparison.Ordinal))))
            .Where(block => block.Contains("principalId: identity.outputs.principalId", StringComparison.Ordinal));
        Assert.Contains(appModules, block => Regex.IsMatch(block, $@"^\s+{variable}\s*$", RegexOptions.Multiline));
    }

    [Fact]
    public void MainTemplate_AppIdentity_GetsExactlyTheDataRolesTheTaskHubNeeds()
    {
        string main = BicepText.Read(BicepText.MainPath);
        string block = BicepText.BlockAt(main, main.IndexOf('{', main.IndexOf("module appStorageRoles ", StringComparison.Ordinal)));
        string roles = BicepText.BlockAt(block, block.IndexOf('[', block.IndexOf("roleDefinitionIds:", StringComparison.Ordinal)));

        // Blobs with leases, queues and tables: the Durable Task Azure Storage provider uses all three; nothing more.
        Assert.Equal(
            ["storageBlobDataOwnerRoleId", "storageQueueDataContributorRoleId", "storageTableDataContributorRoleId"],
            roles.Trim('[', ']').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"^\s{2}name:\s*guid\(", RegexOptions.Multiline)]
    private static partial Regex NameGuidRegex();

    [GeneratedRegex(@"^var\s+\w+RoleId\s*=")]
    private static partial Regex RoleVariableRegex();
}
