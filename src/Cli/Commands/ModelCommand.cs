using System.CommandLine;
using Nst.Engine.Models;

namespace Nst.Cli.Commands;

/// <summary><c>nst model import|fetch|info</c>: the VGG19 weights users really have.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var cmd = new Command("model", "Import, download or inspect VGG19 weights.");
        cmd.Subcommands.Add(Import());
        cmd.Subcommands.Add(Fetch());
        cmd.Subcommands.Add(Info());
        return cmd;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "A PyTorch .pth (zip or legacy format) or .safetensors with VGG19's features.* tensors." };
        var output = new Option<string?>("--out") { Description = "Where to write the safetensors (default: the per-user model cache, used when --model is not given)." };
        var half = new Option<bool>("--half") { Description = "Store fp16 (about half the size)." };
        var cmd = new Command("import", "Keep only the conv layers of a VGG19 file, as safetensors.") { file, output, half };
        cmd.SetAction((p, ct) => CliRunner.RunAsync(() =>
        {
            string outPath = p.GetValue(output) ?? ModelCache.ForCurrentUser().DefaultModelPath;
            string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            var weights = ModelImporter.Import(p.GetValue(file)!, outPath, p.GetValue(half));
            long bytes = new FileInfo(outPath).Length;
            Console.WriteLine($"nst: imported {weights.Source} → {outPath} ({bytes / 1e6:F1} MB, preprocessing {weights.PreprocessHint})");
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private static Command Fetch()
    {
        var cmd = new Command("fetch", $"Download torchvision's VGG19 ({ModelFetcher.TorchvisionVgg19Url}), verify it and import it into the cache.");
        cmd.SetAction((p, ct) => CliRunner.RunAsync(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            var cache = ModelCache.ForCurrentUser();
            string path = await ModelFetcher.FetchAsync(http, cache.Directory, ct);
            Console.WriteLine($"nst: VGG19 ready at {path}; `nst stylize` uses it by default.");
            return 0;
        }));
        return cmd;
    }

    private static Command Info()
    {
        var spec = new Argument<string>("MODEL") { Description = "A weights file or random:SEED." };
        var cmd = new Command("info", "Describe a weights file: source, preprocessing and layer widths.") { spec };
        cmd.SetAction((p, ct) => CliRunner.RunAsync(() =>
        {
            var w = Vgg19Weights.Load(p.GetValue(spec)!);
            Console.WriteLine($"source: {w.Source}");
            Console.WriteLine($"preprocessing: {w.PreprocessHint}");
            Console.WriteLine($"conv widths: {string.Join(',', w.Convs.Select(c => c.OutChannels))}");
            return Task.FromResult(0);
        }));
        return cmd;
    }
}
