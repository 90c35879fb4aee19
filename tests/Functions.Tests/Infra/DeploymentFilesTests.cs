using System.Text.Json;
using System.Text.RegularExpressions;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

public sealed partial class DeploymentFilesTests
{
    /// <summary>host.json's functionTimeout as the pipeline contract fixes it, used until host.json is in the repository.</summary>
    private static readonly TimeSpan ContractFunctionTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public void ChunkSeconds_LargestAllowedAndDefault_StayWithinHalfTheFunctionTimeout()
    {
        string main = BicepText.Read(BicepText.MainPath);
        Match declaration = ChunkSecondsRegex().Match(main);
        Assert.True(declaration.Success, "main.bicep has no '@maxValue(N) … param chunkSeconds int = D'.");
        int max = int.Parse(declaration.Groups["max"].Value);
        int defaultValue = int.Parse(declaration.Groups["default"].Value);

        TimeSpan timeout = FunctionTimeout();

        Assert.True(TimeSpan.FromSeconds(max) * 2 <= timeout, $"chunkSeconds may reach {max} s, more than half of functionTimeout {timeout}.");
        Assert.True(defaultValue <= max);
        Assert.Equal(new NstSettings().ChunkSeconds, defaultValue);
    }

    [Fact]
    public void AzureYaml_Service_PointsAtTheFunctionsProjectAndAnExistingDockerfile()
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        Assert.Matches(@"(?m)^name: nst-functions\s*$", text);
        int services = text.IndexOf("\nservices:", StringComparison.Ordinal);
        Assert.True(services >= 0, "azure.yaml has no services section.");
        string yaml = text[services..];

        string project = YamlValue(yaml, "project");
        string projectDir = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project));
        Assert.True(File.Exists(Path.Combine(projectDir, "Nst.Functions.csproj")), $"azure.yaml's project {project} is not src/Functions.");
        Assert.True(File.Exists(Path.Combine(projectDir, YamlValue(yaml, "path"))), "azure.yaml's docker.path does not exist.");
        Assert.True(File.Exists(Path.Combine(Path.GetFullPath(Path.Combine(projectDir, YamlValue(yaml, "context"))), "NstFunctions.sln")),
            "azure.yaml's docker.context is not the repository root.");
        Assert.Equal("function", YamlValue(yaml, "host"));
    }

    [Fact]
    public void Dockerfile_Image_CopiesThePublishFolderIntoTheScriptRoot()
    {
        string dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "docker", "Dockerfile"));

        Assert.Contains("COPY ${PUBLISH_DIR}/ /home/site/wwwroot/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ARG BASE_IMAGE=mcr\.microsoft\.com/azure-functions/", dockerfile);
        foreach (string package in new[] { "libturbojpeg0", "libpng16-16", "libwebp7" })
        {
            Assert.Contains(package, dockerfile, StringComparison.Ordinal);
        }
    }

    private static TimeSpan FunctionTimeout()
    {
        string hostJson = Path.Combine(RepositoryPaths.Root, "host.json");
        if (!File.Exists(hostJson))
        {
            return ContractFunctionTimeout;
        }

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(hostJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        Assert.True(json.RootElement.TryGetProperty("functionTimeout", out JsonElement value), "host.json has no functionTimeout.");
        return TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string YamlValue(string yaml, string key)
    {
        Match m = Regex.Match(yaml, $@"(?m)^\s+{key}:\s*(\S+)\s*$");
        Assert.True(m.Success, $"azure.yaml has no '{key}:'.");
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"@maxValue\((?<max>\d+)\)\n(?:@[^\n]*\n)*param chunkSeconds int = (?<default>\d+)")]
    private static partial Regex ChunkSecondsRegex();
}
