using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;
using Nst.Functions.Webhooks;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// The README's "Drop a photo" commands, taken from the README (the fenced blocks after each
/// <c>&lt;!-- readme-test: NAME --&gt;</c> marker) and run as written with bash and the real Azure CLI against a
/// local host on its own Azurite with the plain container names — as a user runs them beside <c>run.sh</c>.
/// </summary>
public sealed partial class ReadmeCommandsTests(ITestOutputHelper output)
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static string Block(string name)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        Match block = Regex.Match(readme, $@"<!-- readme-test: {Regex.Escape(name)} -->\s*```bash\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"README.md has no ```bash block after <!-- readme-test: {name} -->");
        return block.Groups["code"].Value;
    }

    // Runs a README block in a folder that sees the repository's scripts/ and samples/ (so files it writes stay out of the repository).
    private async Task<string> RunAsync(string block, string folder, AzuriteFixture azurite, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-euo", "pipefail", "-c", block },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AZURITE_BLOB_PORT"] = azurite.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AZURITE_QUEUE_PORT"] = azurite.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AZURITE_TABLE_PORT"] = azurite.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AZURE_CORE_COLLECT_TELEMETRY"] = "false",
                ["AZURE_CORE_ONLY_SHOW_ERRORS"] = "true",
            },
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string log = await stdout + await stderr;
        output.WriteLine($"$ {block.Trim()}\n{log}");
        Assert.True(process.ExitCode == 0, $"the README's command failed ({process.ExitCode}):\n{block}\n{log}");
        return log;
    }

    [Fact]
    public async Task ReadmeDropCommands_RunAsWritten_ResultReportAndSignedWebhook()
    {
        Assert.True(File.Exists("/usr/bin/az"), "the Azure CLI (Debian's azure-cli) is missing: scripts/setup.sh installs it");
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        string folder = Directory.CreateTempSubdirectory("readme-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, "scripts"), Path.Combine(RepositoryPaths.Root, "scripts"));
            Directory.CreateSymbolicLink(Path.Combine(folder, "samples"), Path.Combine(RepositoryPaths.Root, "samples"));
            using var receiver = new WebhookReceiver();
            await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
            {
                ["Nst:Webhook:Secret"] = Secret,
                ["Nst:Webhook:AllowPrivateNetworks"] = "true",
                ["Nst:ChunkSeconds"] = "2",
            }, prefix: "");
            // What run.sh does before it prints the commands: the default style.
            await host.UploadAsync(PipelineNames.StylesContainer, "swirl.jpg", File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "scripts", "styles", "swirl.jpg")));
            var jobs = new DropJobs(azurite, "");

            await RunAsync(Block("drop"), folder, azurite);
            var clock = Stopwatch.StartNew();
            while (!(await jobs.Storage.Container(PipelineNames.OutboxContainer).GetBlobClient("swirl/chelsea.json").ExistsAsync()).Value)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), "no result within 4 minutes");
                await Task.Delay(500);
            }

            await RunAsync(Block("fetch"), folder, azurite);
            byte[] styled = File.ReadAllBytes(Path.Combine(folder, "styled.jpg"));
            Assert.Equal(Nst.Engine.Imaging.ImageFormat.Jpeg, Nst.Engine.Imaging.ImageSniffer.TrySniff(styled));
            using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json"))))
            {
                Assert.Equal(60, report.RootElement.GetProperty("iterations").GetInt32());
                Assert.Equal(256, Math.Max(report.RootElement.GetProperty("width").GetInt32(), report.RootElement.GetProperty("height").GetInt32()));
            }

            await RunAsync(Block("webhook"), folder, azurite, new Dictionary<string, string> { ["HOOK_URL"] = receiver.Url });
            WebhookReceiver.Received hook = await receiver.WaitForAsync(r => r.Text.Contains("nst.job.succeeded", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
            Assert.True(new WebhookVerifier(Secret).Verify(hook.Id, hook.Timestamp, hook.Signature, hook.Body));
            Assert.Contains("inbox/swirl/coffee.jpg", hook.Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await azurite.DisposeAsync();
        }
    }
}
