using Nst.Engine.Kernels;

namespace Nst.Engine.Models;

/// <summary>
/// A seeded random-weight VGG19: Kaiming-normal weights with mode fan_out (std = √(2 / (out·3·3)), as
/// torchvision initialises VGG) and zero biases, drawn layer by layer in OIHW order from
/// <see cref="Xoshiro256StarStar"/>. Random-feature networks still synthesise textures, so this keeps
/// everything working offline, at lower quality than trained weights.
/// </summary>
internal static class RandomVgg19
{
    public static IReadOnlyList<ConvWeights> Create(ulong seed, IReadOnlyList<int> widths)
    {
        if (widths.Count != Vgg19Layout.ConvIndices.Count || widths.Any(w => w < 1 || w > 65536))
        {
            throw new NstException($"A random VGG19 needs {Vgg19Layout.ConvIndices.Count} positive layer widths; got [{string.Join(", ", widths)}].");
        }

        var random = new Xoshiro256StarStar(seed);
        var convs = new List<ConvWeights>(widths.Count);
        int inChannels = 3;
        foreach (int outChannels in widths)
        {
            double std = Math.Sqrt(2.0 / (outChannels * 9));
            var weight = new float[outChannels * inChannels * 9];
            for (int i = 0; i < weight.Length; i++)
            {
                weight[i] = (float)(random.NextNormal() * std);
            }

            convs.Add(new ConvWeights(outChannels, inChannels, weight, new float[outChannels]));
            inChannels = outChannels;
        }

        return convs;
    }
}
