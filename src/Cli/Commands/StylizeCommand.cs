using System.CommandLine;
using Nst.Engine;
using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Kernels;
using Nst.Engine.Nn;
using Nst.Engine.Session;

namespace Nst.Cli.Commands;

/// <summary><c>nst stylize</c>: one style-transfer run on this machine.</summary>
internal static class StylizeCommand
{
    public static Command Create()
    {
        var content = new Option<string>("--content") { Description = "Content image (JPEG, PNG or WebP).", Required = true };
        var style = new Option<string[]>("--style") { Description = "Style image; repeat for several (see --style-blend).", Required = true };
        var output = new Option<string>("--output") { Description = "Output image; its extension (.jpg, .png, .webp) picks the format.", Required = true };
        var model = new Option<string?>("--model") { Description = "VGG19 weights: a .pth or .safetensors file, or random:SEED. Default: the imported model in the cache, else random:0." };
        var preprocess = new Option<string?>("--preprocess") { Description = "torchvision|caffe. Default: what the model file implies, else torchvision." };
        var size = new Option<int>("--size") { Description = "Longer side of the output in pixels; 0 keeps the images' own sizes.", DefaultValueFactory = _ => 512 };
        var scales = new Option<string>("--scales") { Description = "Number of coarse-to-fine scales (each half the next), or a list of sizes such as 256,512.", DefaultValueFactory = _ => "1" };
        var contentLayers = new Option<string>("--content-layers") { Description = "Content layers, e.g. relu4_2 (conv4_2 is pre-ReLU; block4_conv2 is Keras' name).", DefaultValueFactory = _ => "relu4_2" };
        var styleLayers = new Option<string>("--style-layers") { Description = "Style layers.", DefaultValueFactory = _ => "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1" };
        var styleLayerWeights = new Option<string?>("--style-layer-weights") { Description = "Weight per style layer (default 1 each)." };
        var contentWeight = new Option<string?>("--content-weight") { Description = "Content weight (default 30; 5 with caffe preprocessing)." };
        var styleWeight = new Option<string?>("--style-weight") { Description = "Style weight (default 1e6; 100 with caffe preprocessing)." };
        var tvWeight = new Option<string?>("--tv-weight") { Description = "Total-variation weight (default 1e-5; 30 with caffe preprocessing)." };
        var init = new Option<string>("--init") { Description = "content|noise|style.", DefaultValueFactory = _ => "content" };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise initialisation.", DefaultValueFactory = _ => 0 };
        var optimizer = new Option<string>("--optimizer") { Description = "lbfgs|adam.", DefaultValueFactory = _ => "lbfgs" };
        var lineSearch = new Option<string>("--line-search") { Description = "L-BFGS line search: none|strong-wolfe.", DefaultValueFactory = _ => "none" };
        var lr = new Option<string?>("--lr") { Description = "Learning rate (default: L-BFGS 1, Adam 0.02)." };
        var iterations = new Option<string>("--iterations") { Description = "Iterations (per scale: one value, or one per scale).", DefaultValueFactory = _ => "500" };
        var pooling = new Option<string>("--pooling") { Description = "max|avg.", DefaultValueFactory = _ => "max" };
        var styleBlend = new Option<string?>("--style-blend") { Description = "Blend weights of the style images, e.g. 0.7,0.3." };
        var styleScale = new Option<string>("--style-scale") { Description = "Style size relative to the content.", DefaultValueFactory = _ => "1" };
        var preserve = new Option<string>("--preserve-colors") { Description = "none|luminance|histogram.", DefaultValueFactory = _ => "none" };
        var tvPower = new Option<string>("--tv-power") { Description = "β of the TV term Σ(dx²+dy²)^β.", DefaultValueFactory = _ => "1" };
        var normalize = new Option<bool>("--normalize-gradients") { Description = "Scale each loss's gradient to unit norm × weight² (neural-style-pt)." };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores).", DefaultValueFactory = _ => 0 };
        var report = new Option<string?>("--report") { Description = "Write one JSON line of losses per iteration to this file." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the run's state here at the end (and every --checkpoint-every iterations)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Also write --checkpoint every N iterations.", DefaultValueFactory = _ => 0 };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint; --iterations then counts the iterations to add." };
        var saveEvery = new Option<int>("--save-every") { Description = "Write intermediate images every N iterations (name_iterN.ext).", DefaultValueFactory = _ => 0 };
        var device = DeviceOption.Create();
        var maxPixels = new Option<long>("--max-pixels") { Description = "Refuse input images above this many pixels.", DefaultValueFactory = _ => ImageLimits.Default.MaxPixels };

        var cmd = new Command("stylize", "Render the content image in the style of the style image(s).");
        foreach (var o in new Option[] { content, style, output, model, preprocess, size, scales, contentLayers, styleLayers, styleLayerWeights, contentWeight, styleWeight, tvWeight, init, seed, optimizer, lineSearch, lr, iterations, pooling, styleBlend, styleScale, preserve, tvPower, normalize, threads, report, checkpoint, checkpointEvery, resume, saveEvery, maxPixels, device })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((p, ct) => CliRunner.RunAsync(() =>
        {
            var scaleValues = CliValues.Ints(p.GetValue(scales), "--scales");
            var options = new StyleTransferOptions
            {
                Size = p.GetValue(size),
                Scales = scaleValues.Count == 1 ? scaleValues[0] : scaleValues.Count,
                ScaleSizes = scaleValues.Count > 1 ? scaleValues : null,
                Iterations = CliValues.Ints(p.GetValue(iterations), "--iterations"),
                ContentLayers = CliValues.Names(p.GetValue(contentLayers)),
                StyleLayers = CliValues.Names(p.GetValue(styleLayers)),
                StyleLayerWeights = CliValues.Floats(p.GetValue(styleLayerWeights), "--style-layer-weights"),
                ContentWeight = Optional(p.GetValue(contentWeight), "--content-weight"),
                StyleWeight = Optional(p.GetValue(styleWeight), "--style-weight"),
                TvWeight = Optional(p.GetValue(tvWeight), "--tv-weight"),
                Init = CliValues.OneOf(p.GetValue(init)!, "--init", ("content", InitMode.Content), ("noise", InitMode.Noise), ("style", InitMode.Style)),
                Seed = p.GetValue(seed),
                Optimizer = CliValues.OneOf(p.GetValue(optimizer)!, "--optimizer", ("lbfgs", OptimizerKind.Lbfgs), ("adam", OptimizerKind.Adam)),
                StrongWolfe = CliValues.OneOf(p.GetValue(lineSearch)!, "--line-search", ("none", false), ("strong-wolfe", true)),
                LearningRate = Optional(p.GetValue(lr), "--lr"),
                Pooling = CliValues.OneOf(p.GetValue(pooling)!, "--pooling", ("max", PoolingMode.Max), ("avg", PoolingMode.Avg)),
                Preprocess = p.GetValue(preprocess) is { } pre
                    ? CliValues.OneOf(pre, "--preprocess", ("torchvision", Preprocess.Torchvision), ("caffe", Preprocess.Caffe))
                    : null,
                StyleBlend = CliValues.Floats(p.GetValue(styleBlend), "--style-blend"),
                StyleScale = CliValues.Float(p.GetValue(styleScale)!, "--style-scale"),
                TvPower = CliValues.Float(p.GetValue(tvPower)!, "--tv-power"),
                NormalizeGradients = p.GetValue(normalize),
                PreserveColors = CliValues.OneOf(p.GetValue(preserve)!, "--preserve-colors", ("none", ColorPreservation.None), ("luminance", ColorPreservation.Luminance), ("histogram", ColorPreservation.Histogram)),
            };
            options.Validate();
            var run = new StylizeRun
            {
                Options = options,
                ContentPath = p.GetValue(content)!,
                StylePaths = p.GetValue(style)!,
                OutputPath = p.GetValue(output)!,
                ModelSpec = p.GetValue(model),
                Threads = p.GetValue(threads),
                ReportPath = p.GetValue(report),
                CheckpointPath = p.GetValue(checkpoint),
                CheckpointEvery = p.GetValue(checkpointEvery),
                ResumePath = p.GetValue(resume),
                SaveEvery = p.GetValue(saveEvery),
                Limits = ImageLimits.Default with { MaxPixels = p.GetValue(maxPixels) },
                Device = p.GetValue(device),
            };
            return Task.FromResult(run.Execute(ct));
        }));
        return cmd;
    }

    private static float? Optional(string? value, string option) => value is null ? null : CliValues.Float(value, option);
}
