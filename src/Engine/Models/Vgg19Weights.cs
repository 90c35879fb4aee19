using System.Globalization;
using Nst.Engine.Kernels;
using Nst.Engine.Models.Safetensors;
using Nst.Engine.Models.Torch;

using Nst.Engine.Nn;

namespace Nst.Engine.Models;

/// <summary>
/// The 16 convolutions of torchvision's VGG19 <c>features</c> (see <see cref="Vgg19Layout"/>), from a weights
/// file or a seeded random initialisation, with where they came from and how they expect their input.
/// </summary>
public sealed class Vgg19Weights
{
    public const string RandomSpecPrefix = "random:";

    internal Vgg19Weights(IReadOnlyList<ConvWeights> convs, string source, PreprocessHint preprocessHint, bool isRandom)
    {
        Convs = convs;
        Source = source;
        PreprocessHint = preprocessHint;
        IsRandom = isRandom;
    }

    /// <summary>conv1_1 … conv5_4, in network order.</summary>
    public IReadOnlyList<ConvWeights> Convs { get; }

    /// <summary>A human-readable description of where the weights came from.</summary>
    public string Source { get; }

    public PreprocessHint PreprocessHint { get; }

    /// <summary>True for the seeded random-feature network, which styles noticeably worse than trained weights.</summary>
    public bool IsRandom { get; }

    /// <summary>
    /// Loads by spec: <c>random:SEED</c> (a non-negative integer) or the path of a .pth (zip or legacy)
    /// or .safetensors file, told apart by content.
    /// </summary>
    public static Vgg19Weights Load(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (spec.StartsWith(RandomSpecPrefix, StringComparison.OrdinalIgnoreCase))
        {
            string seedText = spec[RandomSpecPrefix.Length..];
            return ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
                ? Random(seed)
                : throw new NstException($"'{spec}' is not a valid random model: the seed must be a non-negative integer, as in random:42.");
        }

        return LoadFile(spec);
    }

    /// <summary>A random-feature VGG19 of the real widths (64 … 512).</summary>
    public static Vgg19Weights Random(ulong seed) => Random(seed, Vgg19Layout.StandardWidths);

    /// <summary>A random-feature VGG19 with the given 16 output widths.</summary>
    public static Vgg19Weights Random(ulong seed, IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        return new Vgg19Weights(
            RandomVgg19.Create(seed, widths),
            $"random:{seed} (seeded random-feature VGG19; lower quality than pretrained weights)",
            PreprocessHint.Torchvision,
            isRandom: true);
    }

    public static Vgg19Weights LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new NstException($"Model file {path} does not exist; run `nst model fetch`, `nst model import FILE`, or use random:SEED.");
        }

        // I/O faults while opening propagate as they are (a system error, not bad input).
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            string name = Path.GetFileName(path);
            switch (ModelFileSniffer.Sniff(stream))
            {
                case ModelFileKind.Safetensors:
                    using (var reader = SafetensorsReader.Open(stream, leaveOpen: true, path))
                    {
                        var tensors = reader.Entries
                            .Where(e => Vgg19TensorSet.IsFeatureParameter(e.Name))
                            .Select(e => new NamedTensor(e.Name, e.Shape.ToArray(), reader.ReadSingles(e.Name)))
                            .ToList();
                        var convs = Vgg19TensorSet.Build(tensors, path);
                        string source = reader.Metadata.TryGetValue("source", out var from) ? $"{path} (imported from {from})" : path;
                        return new Vgg19Weights(convs, source, PresetDetector.Detect(name, reader.Metadata, convs[0]), isRandom: false);
                    }

                case ModelFileKind.TorchZip or ModelFileKind.TorchLegacy:
                    {
                        var convs = Vgg19TensorSet.Build(PthReader.Read(stream, Vgg19TensorSet.IsFeatureParameter, path), path);
                        return new Vgg19Weights(convs, path, PresetDetector.Detect(name, metadata: null, convs[0]), isRandom: false);
                    }

                default:
                    throw new NstException($"{path} is neither a PyTorch .pth nor a safetensors file.");
            }
        }
    }
}
