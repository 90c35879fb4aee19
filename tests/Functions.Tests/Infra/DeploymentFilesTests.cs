using System.Text.Json;
using System.Text.RegularExpressions;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

/// <summary>azure.yaml, the image definition and the publish script: what azd builds and deploys.</summary>
public sealed class DeploymentFilesTests
{
    /// <summary>host.json's functionTimeout as the pipeline contract fixes it, used until host.json is in the repository.</summary>
    private static readonly TimeSpan ContractFunctionTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The publish arguments the image and scripts/publish.sh share: framework-dependent, linux-x64.</summary>
    private const string PublishArguments = "-c Release -r linux-x64 --self-contained false";

    private static string Dockerfile => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "docker", "Dockerfile"));

    [Fact]
    public void ChunkSeconds_LargestAllowedAndDefault_StayWithinHalfTheFunctionTimeout()
    {
        JsonElement parameter = CompiledTemplate.Parameter("chunkSeconds");
        int max = parameter.GetProperty("maxValue").GetInt32();
        int defaultValue = parameter.GetProperty("defaultValue").GetInt32();

        TimeSpan timeout = FunctionTimeout();

        Assert.True(TimeSpan.FromSeconds(max) * 2 <= timeout, $"chunkSeconds may reach {max} s, more than half of functionTimeout {timeout}.");
        Assert.True(defaultValue <= max);
        Assert.Equal(new NstSettings().ChunkSeconds, defaultValue);
    }

    [Fact]
    public void AzureYaml_Infra_IsTheBicepFolder()
    {
        string text = AzureYaml();

        Assert.Matches(@"(?m)^name: nst-functions\s*$", text);
        Assert.Matches(@"(?m)^infra:\s*\n\s+provider: bicep\s*\n\s+path: infra/bicep\s*\n\s+module: main\s*$", text);
        Assert.True(File.Exists(BicepText.MainPath));
        Assert.True(File.Exists(Path.Combine(BicepText.InfraDirectory, "main.parameters.json")));
    }

    [Fact]
    public void AzureYaml_Service_PointsAtTheFunctionsProjectAndTheDockerfile()
    {
        string text = AzureYaml();
        int services = text.IndexOf("\nservices:", StringComparison.Ordinal);
        Assert.True(services >= 0, "azure.yaml has no services section.");
        string yaml = text[services..];

        string project = YamlValue(yaml, "project");
        string projectDir = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project));
        Assert.True(File.Exists(Path.Combine(projectDir, "Nst.Functions.csproj")), $"azure.yaml's project {project} is not src/Functions.");
        Assert.Equal(
            Path.Combine(RepositoryPaths.Root, "infra", "docker", "Dockerfile"),
            Path.GetFullPath(Path.Combine(projectDir, YamlValue(yaml, "path"))));
        Assert.True(File.Exists(Path.Combine(Path.GetFullPath(Path.Combine(projectDir, YamlValue(yaml, "context"))), "NstFunctions.sln")),
            "azure.yaml's docker.context is not the repository root.");
        Assert.Equal("function", YamlValue(yaml, "host"));
        Assert.Equal("docker", YamlValue(yaml, "language"));
    }

    [Fact]
    public void AzureYaml_PostProvisionHook_UploadsTheModelWithAnExecutableScript()
    {
        string text = AzureYaml();
        int hooks = text.IndexOf("\nhooks:", StringComparison.Ordinal);
        Assert.True(hooks >= 0, "azure.yaml has no hooks.");
        string yaml = text[hooks..];

        Assert.Matches(@"(?m)^  postprovision:\s*$", yaml);
        Assert.Equal("./scripts/upload-model.sh", YamlValue(yaml, "run"));
        Assert.DoesNotContain("prepackage", yaml, StringComparison.Ordinal);

        string script = Path.Combine(RepositoryPaths.Root, "scripts", "upload-model.sh");
        Assert.True(File.Exists(script));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), "scripts/upload-model.sh is not executable.");
        }
    }

    [Fact]
    public void Dockerfile_RuntimeStage_IsTheFunctionsIsolatedImageForDotNet10()
    {
        string dockerfile = Dockerfile;

        Assert.Matches(@"(?m)^ARG BASE_IMAGE=mcr\.microsoft\.com/azure-functions/dotnet-isolated:4-dotnet-isolated10\.0\s*$", dockerfile);
        Assert.Matches(@"(?m)^ARG SDK_IMAGE=mcr\.microsoft\.com/dotnet/sdk:10\.0\s*$", dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{SDK_IMAGE\} AS publish\s*$", dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{BASE_IMAGE\}\s*$", dockerfile);
        Assert.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", dockerfile, StringComparison.Ordinal);
        Assert.Contains("AzureFunctionsJobHost__Logging__Console__IsEnabled=true", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY --from=publish /home/site/wwwroot /home/site/wwwroot", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_PublishStage_PublishesTheFunctionsProjectIntoTheScriptRoot()
    {
        Assert.Contains($"RUN dotnet publish src/Functions {PublishArguments} -o /home/site/wwwroot", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Image_InstallsAndChecksTheCodecLibrariesTheEngineLoads()
    {
        string dockerfile = Dockerfile;

        Assert.Matches(@"(?m)^ARG CODEC_PACKAGES=""libturbojpeg0 libpng16-16 libwebp7""\s*$", dockerfile);
        Assert.Contains("apt-get install -y --no-install-recommends ${CODEC_PACKAGES}", dockerfile, StringComparison.Ordinal);
        // The sonames the P/Invokes name (DESIGN.md §2): the build fails if the base image's packages lack one.
        Assert.Contains("for soname in libturbojpeg.so.0 libpng16.so.16 libwebp.so.7; do", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_Context_KeepsWhatThePublishReadsAndDropsTheRest()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Equal("*", lines[0]);
        foreach (string kept in new[] { "!src/", "!host.json", "!Directory.Build.props", "!Directory.Packages.props" })
        {
            Assert.Contains(kept, lines);
        }

        Assert.Contains("src/**/bin/", lines);
        Assert.Contains("src/**/obj/", lines);
    }

    [Fact]
    public void PublishScript_IsOneDotnetPublishOfTheFunctionsProject()
    {
        string script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "publish.sh"));

        Assert.Contains($"dotnet publish \"$root/src/Functions\" {PublishArguments} -o \"$root/publish/app\"", script, StringComparison.Ordinal);
        Assert.Single(script.Split('\n'), l => !l.TrimStart().StartsWith('#') && l.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.DoesNotContain("function.json", script, StringComparison.Ordinal);
    }

    private static string AzureYaml() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));

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
}
