namespace Nst.Functions.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder holding NstFunctions.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AzuriteScript => Path.Combine(Root, "scripts", "azurite.sh");

    /// <summary>Where scripts/azurite.sh installs Azurite and the official JS storage clients (git-ignored).</summary>
    public static string ToolsNodeModules => Path.Combine(Root, ".tools", "azurite", "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NstFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NstFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
