using System.CommandLine;
using Nst.Cli.Api;

namespace Nst.Cli.Commands;

/// <summary><c>nst fetch ID --output FILE</c>: download a finished job's image.</summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The job id that nst submit printed." };
        var output = new Option<string>("--output") { Description = "Where to save the image (the server keeps the photo's format).", Required = true };
        var server = new ServerOptions();
        var cmd = new Command("fetch", "Download a finished job's result.") { id, output };
        server.AddTo(cmd);
        cmd.SetAction((p, ct) => CliRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(p);
            string path = p.GetValue(output)!;
            await SaveAsync(client, p.GetValue(id)!, path, ct);
            Console.WriteLine($"nst: saved {path}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Downloads into a temporary file beside <paramref name="path"/> and renames it, so a failure leaves no partial image.</summary>
    public static async Task SaveAsync(NstApiClient client, string id, string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string partial = full + ".partial";
        try
        {
            await using (var file = File.Create(partial))
            {
                await client.DownloadResultAsync(id, file, cancellationToken);
            }

            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
