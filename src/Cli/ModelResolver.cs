using Nst.Engine.Kernels;
using Nst.Engine.Models;
using Nst.Engine.Nn;

namespace Nst.Cli;

/// <summary>Finds the weights for a run: the given spec, else the imported model in the cache, else random:0 (said loudly).</summary>
internal static class ModelResolver
{
    public sealed record LoadedModel(IReadOnlyList<ConvWeights> Convs, Preprocess? Preprocess, string Source);

    public static LoadedModel Load(string? spec, TextWriter log)
    {
        if (spec is null)
        {
            var cached = ModelCache.ForCurrentUser().TryFindDefault();
            if (cached is null)
            {
                log.WriteLine("nst: no VGG19 weights found, using the built-in random-feature model (random:0): results will look much better with real weights — run `nst model fetch` (online) or `nst model import vgg19-dcbb9e9d.pth`.");
                spec = "random:0";
            }
            else
            {
                spec = cached;
            }
        }

        var weights = Vgg19Weights.Load(spec);
        Preprocess? hint = weights.PreprocessHint switch
        {
            PreprocessHint.Caffe => Preprocess.Caffe,
            PreprocessHint.Torchvision => Preprocess.Torchvision,
            _ => null,
        };
        return new LoadedModel(weights.Convs, hint, weights.Source);
    }
}
