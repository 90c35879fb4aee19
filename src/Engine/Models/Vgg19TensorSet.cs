using System.Text.RegularExpressions;
using Nst.Engine.Kernels;

using Nst.Engine.Nn;

namespace Nst.Engine.Models;

/// <summary>
/// Checks that named tensors form VGG19's 16 convolutions and turns them into <see cref="ConvWeights"/>.
/// Widths may differ from the real network's, but every layer must fit the one before it.
/// Keys may carry a prefix (e.g. <c>module.</c> from DataParallel); neural-style-pt's caffe-converted
/// VGG19 uses torchvision's own <c>features.N</c> names.
/// </summary>
internal static partial class Vgg19TensorSet
{
    /// <summary>Selects the tensors this validator looks at (running stats of a VGG19-BN are left out).</summary>
    public static bool IsFeatureParameter(string name) => FeatureKey().IsMatch(name);

    public static IReadOnlyList<ConvWeights> Build(IReadOnlyList<NamedTensor> tensors, string description)
    {
        var byLocalName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            var match = FeatureKey().Match(tensor.Name);
            if (!match.Success)
            {
                continue;
            }

            prefixes.Add(match.Groups["prefix"].Value);
            byLocalName[$"{match.Groups["index"].Value}.{match.Groups["kind"].Value}"] = tensor;
        }

        if (byLocalName.Count == 0)
        {
            throw new NstException($"{description} has no features.N.weight tensors, so it is not a VGG19 model.");
        }

        if (prefixes.Count > 1)
        {
            throw new NstException($"{description} holds several feature stacks (prefixes {string.Join(", ", prefixes.Select(p => $"'{p}'"))}); expected one VGG19.");
        }

        string prefix = prefixes.Single();
        foreach (string local in byLocalName.Keys.OrderBy(k => int.Parse(k[..k.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)))
        {
            int index = int.Parse(local[..local.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            if (!Vgg19Layout.ConvIndices.Contains(index))
            {
                throw new NstException($"{description} has {prefix}features.{local}, but VGG19 has parameters only at features.{string.Join(", ", Vgg19Layout.ConvIndices)} (is it VGG16 or VGG19-BN?).");
            }
        }

        var convs = new List<ConvWeights>(Vgg19Layout.ConvIndices.Count);
        int inChannels = 3;
        for (int conv = 0; conv < Vgg19Layout.ConvIndices.Count; conv++)
        {
            int index = Vgg19Layout.ConvIndices[conv];
            var weight = Require(byLocalName, $"{index}.weight", prefix, description);
            var bias = Require(byLocalName, $"{index}.bias", prefix, description);
            string inputs = conv == 0 ? "the 3 channels of an RGB image" : $"the {inChannels} channels of {prefix}features.{Vgg19Layout.ConvIndices[conv - 1]}";
            var s = weight.Shape;
            if (s.Length != 4 || s[1] != inChannels || s[2] != 3 || s[3] != 3 || s[0] < 1 || s[0] > 65536)
            {
                throw new NstException($"{weight.Name} has shape {weight.ShapeText}; expected 3x3 kernels taking {inputs}.");
            }

            int outChannels = (int)s[0];
            if (bias.Shape.Length != 1 || bias.Shape[0] != outChannels)
            {
                throw new NstException($"{bias.Name} has shape {bias.ShapeText}; expected [{outChannels}] to match {weight.Name}.");
            }

            convs.Add(new ConvWeights(outChannels, inChannels, weight.Data, bias.Data));
            inChannels = outChannels;
        }

        return convs;
    }

    private static NamedTensor Require(Dictionary<string, NamedTensor> byLocalName, string local, string prefix, string description) =>
        byLocalName.TryGetValue(local, out var tensor)
            ? tensor
            : throw new NstException($"{description} lacks {prefix}features.{local}; VGG19 has 16 conv layers with a weight and a bias each.");

    [GeneratedRegex(@"^(?<prefix>(?:.*\.)?)features\.(?<index>\d{1,4})\.(?<kind>weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex FeatureKey();
}
