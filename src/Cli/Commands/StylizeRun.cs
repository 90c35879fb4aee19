using System.Globalization;
using System.Text.Json;
using Nst.Engine;
using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Session;

namespace Nst.Cli.Commands;

/// <summary>The body of <c>nst stylize</c>: load, run (or resume), report, checkpoint, save.</summary>
internal sealed class StylizeRun
{
    public required StyleTransferOptions Options { get; init; }
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

        var content = ImageCodec.Load(ContentPath, Limits);
        var styles = StylePaths.Select(s => ImageCodec.Load(s, Limits)).ToArray();
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
                ImageCodec.Save(SnapshotPath(OutputPath, r.Iteration), session.Render());
            }

            if (CheckpointEvery > 0 && r.Iteration % CheckpointEvery == 0)
            {
                session.Export().Save(CheckpointPath!);
            }
        }

        progress.Finish();
        if (CheckpointPath is not null) session.Export().Save(CheckpointPath);
        ImageCodec.Save(OutputPath, session.Render());
        Console.Error.WriteLine($"nst: wrote {OutputPath} ({session.Width}x{session.Height}, {session.Iteration} iterations)");
        return 0;
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
