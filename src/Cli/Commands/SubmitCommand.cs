using System.CommandLine;
using System.Globalization;
using Nst.Cli.Api;
using Nst.Engine;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Commands;

/// <summary><c>nst submit PHOTO --style NAME|FILE</c>: queue a job on the nst server, optionally wait for its result.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var photo = new Argument<string>("PHOTO") { Description = "The content photo (JPEG, PNG or WebP)." };
        var style = new Option<string[]>("--style") { Description = "A style image file, or the name of a style in the server's library; repeat to blend several.", Required = true };
        var iterations = new Option<int?>("--iterations") { Description = "Iterations (default: the style's or the server's)." };
        var size = new Option<int?>("--size") { Description = "Longer side of the result in pixels." };
        var option = new Option<string[]>("--option") { Description = $"Any other option as key=value ({string.Join(", ", OptionCatalog.Job.Select(o => o.SnakeName))}, webhook)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the job ends, showing progress, and download the result to --output." };
        var output = new Option<string?>("--output") { Description = "With --wait: where to save the result." };
        var server = new ServerOptions();

        var cmd = new Command("submit", "Send a photo to the nst server to be stylised; prints the job id.") { photo, style, iterations, size, option, wait, output };
        server.AddTo(cmd);
        cmd.SetAction((p, ct) => CliRunner.RunAsync(async () =>
        {
            var request = BuildRequest(p.GetValue(photo)!, p.GetValue(style)!, p.GetValue(iterations), p.GetValue(size), p.GetValue(option) ?? []);
            using var client = server.CreateClient(p);
            return await RunAsync(client, request, p.GetValue(wait), p.GetValue(output), Console.Out, Console.Error, TimeSpan.FromSeconds(1), ct);
        }));
        return cmd;
    }

    /// <summary>
    /// Sorts each <c>--style</c> into an uploaded file (when such a file exists) or a library name, and turns
    /// <c>--iterations</c>, <c>--size</c> and every <c>--option key=value</c> into form fields.
    /// </summary>
    public static JobSubmitRequest BuildRequest(string photo, IReadOnlyList<string> styles, int? iterations, int? size, IReadOnlyList<string> options)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (iterations is int i) fields.Add(new("iterations", i.ToString(CultureInfo.InvariantCulture)));
        if (size is int s) fields.Add(new("size", s.ToString(CultureInfo.InvariantCulture)));
        foreach (string pair in options)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new NstException($"--option takes key=value, got '{pair}'.");
            }

            // Option keys in any spelling become the catalog's field name; other fields (webhook) pass in snake_case.
            string key = pair[..eq].Trim();
            fields.Add(new(OptionCatalog.Find(key)?.SnakeName ?? key.ToLowerInvariant().Replace('-', '_'), pair[(eq + 1)..].Trim()));
        }

        if (!File.Exists(photo))
        {
            throw new NstException($"PHOTO '{photo}' does not exist.");
        }

        var files = styles.Where(File.Exists).ToArray();
        var names = styles.Where(st => !File.Exists(st)).ToArray();
        foreach (string name in names)
        {
            if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || Path.HasExtension(name))
            {
                throw new NstException($"--style '{name}' is neither an existing file nor a style name (names have no path or extension).");
            }
        }

        return new JobSubmitRequest { ContentPath = photo, StyleFiles = files, StyleNames = names, Fields = fields };
    }

    /// <summary>Submits, prints the id; with <paramref name="wait"/> polls until the job ends and saves the result.</summary>
    public static async Task<int> RunAsync(NstApiClient client, JobSubmitRequest request, bool wait, string? outputPath, TextWriter output, TextWriter log, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var job = await client.SubmitAsync(request, cancellationToken);
        await output.WriteLineAsync(job.Id);
        if (!wait)
        {
            return 0;
        }

        string last = "";
        while (!job.IsFinished)
        {
            await Task.Delay(pollInterval, cancellationToken);
            job = await client.GetJobAsync(job.Id, cancellationToken);
            string line = JobStatusText.OneLine(job);
            if (line != last)
            {
                await log.WriteLineAsync($"nst: {line}");
                last = line;
            }
        }

        if (job.Status != "succeeded")
        {
            string why = job.Error is { } e ? $": {e.Message}" : "";
            throw new NstException($"job {job.Id} {job.Status}{why}");
        }

        if (outputPath is not null)
        {
            await FetchCommand.SaveAsync(client, job.Id, outputPath, cancellationToken);
            await log.WriteLineAsync($"nst: saved {outputPath}");
        }

        return 0;
    }
}
