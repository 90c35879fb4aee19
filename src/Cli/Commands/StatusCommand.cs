using System.CommandLine;
using Nst.Cli.Api;

namespace Nst.Cli.Commands;

/// <summary><c>nst status ID</c>: a job's status, progress and losses from the nst server.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The job id that nst submit printed." };
        var json = new Option<bool>("--json") { Description = "Print the job's JSON as the server returns it." };
        var server = new ServerOptions();
        var cmd = new Command("status", "Show a job's status, progress and losses.") { id, json };
        server.AddTo(cmd);
        cmd.SetAction((p, ct) => CliRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(p);
            return await RunAsync(client, p.GetValue(id)!, p.GetValue(json), Console.Out, ct);
        }));
        return cmd;
    }

    public static async Task<int> RunAsync(NstApiClient client, string id, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (json)
        {
            await output.WriteLineAsync(await client.GetJobJsonAsync(id, cancellationToken));
        }
        else
        {
            await output.WriteAsync(JobStatusText.Describe(await client.GetJobAsync(id, cancellationToken)));
        }

        return 0;
    }
}
