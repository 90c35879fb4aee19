using System.Globalization;
using System.Text.Json;
using Nst.Engine;
using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;

namespace Nst.Cli.Commands;

/// <summary>
/// The body of <c>nst stylize</c>: load, run (or resume), report, checkpoint, save the result (the kept iterate:
/// the lowest-loss one unless <c>--keep final</c>), and print the final and best losses.
/// </summary>
internal sealed class StylizeRun
{
    public required StyleTransferOptions Options { get; init; }
    public OptionLimits OptionLimits { get; init; } = OptionLimits.Default;
    public required string ContentPath { get; init; }
    public required IReadOnlyList<string> StylePaths { get; init; }
    public required string OutputPath { get; init; }
    public string? ModelSpec { get; init; }
    public int Threads { get; init; }
    public string? ReportPath { get; init; }
    public string? CheckpointPath { get; init; }
    public int CheckpointEvery { get; init; }
    public string? ResumePath { get; init; }
    public int SaveEvery { get; init; }
    public required ImageLimits Limits { get; init; }
    public string? Device { get; init; }

    public int Execute(CancellationToken cancellationToken)
    {
        if (CheckpointEvery > 0 && CheckpointPath is null) throw new NstException("--checkpoint-every needs --checkpoint FILE.");
        OutputFormat.Check(OutputPath);
        Parallelism.Threads = Threads;
        using var backend = DeviceOption.Resolve(Device);

        var content = LoadImage(ContentPath, "content image");
        OptionLimits.CheckContent(Options, content.Width, content.Height);
        var styles = StylePaths.Select((s, i) => LoadImage(s, StylePaths.Count == 1 ? "style image" : $"style image {i + 1}")).ToArray();
        var model = ModelResolver.Load(ModelSpec, Console.Error);
        using var session = StyleTransfer.Create(Options, model.Convs, content, styles, model.Preprocess, backend);
        if (ResumePath is not null)
        {
            var checkpoint = Checkpoint.Load(ResumePath);
            session.Resume(checkpoint);
            if (session.ScaleCount == 1)
            {
                // On resume --iterations counts the iterations to add: 10, then resume with 10, equals 20.
                session.Extend(checkpoint.Iteration);
            }
            else if (session.IsComplete)
            {
                session.Extend(Options.IterationsAt(session.ScaleCount - 1));
            }
        }

        using var report = ReportPath is null ? null : new StreamWriter(ReportPath, append: ResumePath is not null);
        using var progress = new ConsoleProgress(Console.Error);
        while (!session.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = session.Step()!;
            progress.Report(r);
            report?.WriteLine(ReportLine(r));
            if (SaveEvery > 0 && r.Iteration % SaveEvery == 0)
            {
                ImageCodec.Save(SnapshotPath(OutputPath, r.Iteration), session.RenderCurrent());
            }

            if (CheckpointEvery > 0 && r.Iteration % CheckpointEvery == 0)
            {
                session.Export().Save(CheckpointPath!);
            }
        }

        progress.Finish();
        if (CheckpointPath is not null) session.Export().Save(CheckpointPath);
        ImageCodec.Save(OutputPath, session.Render());
        Console.Error.WriteLine($"nst: wrote {OutputPath} ({session.Width}x{session.Height}, {session.Iteration} iterations; {LossSummary(session)})");
        Console.Out.WriteLine(SummaryLine(OutputPath, session));
        return 0;
    }

    /// <summary>"final loss X, best Y after iteration K (kept)": what was written, in words.</summary>
    internal static string LossSummary(StyleTransfer session)
    {
        var inv = CultureInfo.InvariantCulture;
        string final = session.FinalLoss is { } f ? string.Create(inv, $"final loss {f.Total:G6}") : "final loss not evaluated";
        if (session.BestLoss is not { } b) return final;
        string kept = session.Keep == KeepIterate.Best ? "kept" : "not kept: --keep final";
        return string.Create(inv, $"{final}, best {b.Total:G6} after iteration {session.BestIteration} ({kept})");
    }

    /// <summary>One JSON object on stdout: where the result went and its losses (final image and best iterate).</summary>
    internal static string SummaryLine(string output, StyleTransfer session) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["output"] = output,
        ["width"] = session.Width,
        ["height"] = session.Height,
        ["iterations"] = session.Iteration,
        ["keep"] = session.Keep == KeepIterate.Best ? "best" : "final",
        ["finalLoss"] = Losses(session.FinalLoss),
        ["bestLoss"] = Losses(session.BestLoss),
        ["bestIteration"] = session.BestIteration,
    });

    private static Dictionary<string, double>? Losses(LossBreakdown? loss) => loss is { } l
        ? new() { ["content"] = l.Content, ["style"] = l.Style, ["tv"] = l.TotalVariation, ["total"] = l.Total }
        : null;

    /// <summary>Loads an input, saying which one was bad ("style image 2 'y.png': …").</summary>
    private RgbImage LoadImage(string path, string role)
    {
        if (!File.Exists(path)) throw new NstException($"{role} '{path}': no such file.");
        try
        {
            return ImageCodec.Load(path, Limits);
        }
        catch (NstException e)
        {
            throw new NstException($"{role} '{path}': {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new IOException($"{role} '{path}': {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{role} '{path}': {e.Message}", e);
        }
    }

    internal static string ReportLine(IterationReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"{{\"iteration\":{r.Iteration},\"scale\":{r.Scale},\"content\":{Num(r.Loss.Content)},\"style\":{Num(r.Loss.Style)},\"tv\":{Num(r.Loss.TotalVariation)},\"total\":{Num(r.Loss.Total)}}}");

        static string Num(double v) => JsonSerializer.Serialize(v);
    }

    internal static string SnapshotPath(string output, int iteration)
    {
        string dir = Path.GetDirectoryName(output) ?? string.Empty;
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(output)}_iter{iteration}{Path.GetExtension(output)}");
    }
}
