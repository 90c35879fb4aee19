using System.Diagnostics;
using System.Runtime.Versioning;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

/// <summary>
/// scripts/upload-model.sh (azd's postprovision hook) run by /bin/sh with stand-ins for <c>az</c> and <c>nst</c> that log
/// their arguments: which source it takes, that it uploads with Entra ID, that a re-run does nothing, and that it fails
/// plainly when there are no weights to be had.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UploadModelScriptTests : IDisposable
{
    // az: answers `account show`, `storage blob exists` (AZ_EXISTS) and `upload`; fails AZ_DENY times with the
    // storage service's authorization error first, as a role assignment that has not applied yet does.
    private const string AzStub = """
        #!/bin/sh
        echo "az $*" >> "$STUB_LOG"
        if [ "$1" = storage ] && [ "${AZ_DENY:-0}" -gt 0 ]; then
          n=$(cat "$STUB_DIR/denied" 2>/dev/null || echo 0)
          if [ "$n" -lt "$AZ_DENY" ]; then
            echo $((n + 1)) > "$STUB_DIR/denied"
            echo "ERROR: This request is not authorized to perform this operation using this permission. ErrorCode:AuthorizationPermissionMismatch" >&2
            exit 1
          fi
        fi
        case "$1 $2 $3" in
          "account show "*) exit 0 ;;
          "storage blob exists") echo "${AZ_EXISTS:-false}" ;;
          "storage blob upload") exit 0 ;;
          *) echo "unexpected az $*" >&2; exit 2 ;;
        esac
        """;

    // nst: `model import FILE --out OUT` writes OUT; `model fetch` fails unless NST_ONLINE=1, then fills the cache.
    private const string NstStub = """
        #!/bin/sh
        echo "nst $*" >> "$STUB_LOG"
        case "$1 $2" in
          "model import") printf 'safetensors' > "$5" ;;
          "model fetch")
            [ "${NST_ONLINE:-0}" = 1 ] || { echo "nst: error: Cannot download (Name or service not known)" >&2; exit 1; }
            mkdir -p "$XDG_CACHE_HOME/nst/models" && printf 'safetensors' > "$XDG_CACHE_HOME/nst/models/vgg19.safetensors" ;;
          *) exit 2 ;;
        esac
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nst-upload-model-").FullName;

    public UploadModelScriptTests()
    {
        WriteExecutable(Path.Combine(_dir, "bin", "az"), AzStub);
        WriteExecutable(Path.Combine(_dir, "nst"), NstStub);
    }

    private string Log => File.Exists(Path.Combine(_dir, "log")) ? File.ReadAllText(Path.Combine(_dir, "log")) : "";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UploadModel_NoFileNoCacheNoNetwork_FailsWithAClearMessageAndUploadsNothing()
    {
        var (exitCode, output) = Run();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no VGG19 weights to upload", output, StringComparison.Ordinal);
        Assert.Contains("azd env set NST_MODEL_FILE", output, StringComparison.Ordinal);
        Assert.Contains("nst model fetch", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("upload", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_FileGiven_ImportsItAndUploadsWithTheSignedInIdentity()
    {
        string pth = Path.Combine(_dir, "vgg19-dcbb9e9d.pth");
        File.WriteAllText(pth, "pth");

        var (exitCode, output) = Run(("NST_MODEL_FILE", pth));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"nst model import {pth} --out ", Log, StringComparison.Ordinal);
        string upload = Assert.Single(Log.Split('\n'), l => l.StartsWith("az storage blob upload ", StringComparison.Ordinal));
        Assert.Contains("--container-name models --name vgg19.safetensors ", upload, StringComparison.Ordinal);
        Assert.Contains("--auth-mode login --account-name stnsttest", upload, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_BlobAlreadyThere_DoesNothingOnARerun()
    {
        var (exitCode, output) = Run(("AZ_EXISTS", "true"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("already in stnsttest", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nst ", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("upload", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_Forced_ReplacesAnExistingBlob()
    {
        string pth = Path.Combine(_dir, "vgg19.pth");
        File.WriteAllText(pth, "pth");

        var (exitCode, output) = Run(("AZ_EXISTS", "true"), ("NST_MODEL_FORCE", "1"), ("NST_MODEL_FILE", pth));

        Assert.True(exitCode == 0, output);
        Assert.Contains("az storage blob upload ", Log, StringComparison.Ordinal);
        Assert.Contains(" --overwrite ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_Online_FetchesIntoTheCacheAndUploadsIt()
    {
        var (exitCode, output) = Run(("NST_ONLINE", "1"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("nst model fetch", Log, StringComparison.Ordinal);
        Assert.Contains($"--file {Path.Combine(_dir, "cache", "nst", "models", "vgg19.safetensors")} ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_ModelCacheFilled_UploadsItWithoutConverting()
    {
        string cached = Path.Combine(_dir, "cache", "nst", "models", "vgg19.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllText(cached, "safetensors");

        var (exitCode, output) = Run();

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("nst ", Log, StringComparison.Ordinal);
        Assert.Contains($"--file {cached} ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_RoleNotAppliedYet_RetriesUntilItIs()
    {
        string pth = Path.Combine(_dir, "vgg19.pth");
        File.WriteAllText(pth, "pth");

        var (exitCode, output) = Run(("AZ_DENY", "2"), ("NST_MODEL_FILE", pth));

        Assert.True(exitCode == 0, output);
        Assert.Contains("retrying", output, StringComparison.Ordinal);
        Assert.Contains("az storage blob upload ", Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("random:0")]
    [InlineData("/home/site/wwwroot/vgg19.safetensors")]
    public void UploadModel_ModelNotInTheModelsContainer_UploadsNothing(string model)
    {
        var (exitCode, output) = Run(("NST_MODEL", model));

        Assert.True(exitCode == 0, output);
        Assert.Contains("nothing to upload", output, StringComparison.Ordinal);
        Assert.Equal("", Log);
    }

    [Fact]
    public void UploadModel_OtherModelsBlob_UploadsUnderThatName()
    {
        string pth = Path.Combine(_dir, "vgg19.pth");
        File.WriteAllText(pth, "pth");

        var (exitCode, output) = Run(("NST_MODEL", "models/vgg19-fp16.safetensors"), ("NST_MODEL_FILE", pth));

        Assert.True(exitCode == 0, output);
        Assert.Contains("--container-name models --name vgg19-fp16.safetensors ", Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadModel_WithoutTheAzdOutputs_Fails()
    {
        var (exitCode, output) = Run(("AZURE_STORAGE_ACCOUNT_NAME", ""));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_NAME is not set", output, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output) Run(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", "upload-model.sh"));
        start.Environment.Clear();
        start.Environment["PATH"] = $"{Path.Combine(_dir, "bin")}:/usr/bin:/bin";
        start.Environment["HOME"] = _dir;
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache");
        start.Environment["STUB_LOG"] = Path.Combine(_dir, "log");
        start.Environment["STUB_DIR"] = _dir;
        start.Environment["NST_CLI"] = Path.Combine(_dir, "nst");
        start.Environment["NST_UPLOAD_RETRY_SECONDS"] = "0";
        start.Environment["AZURE_STORAGE_ACCOUNT_NAME"] = "stnsttest";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "upload-model.sh did not finish within a minute.");
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void WriteExecutable(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
