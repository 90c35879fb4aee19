using Nst.Engine.Kernels;

using Nst.Engine.Nn;

namespace Nst.Engine.Models;

/// <summary>
/// A seeded random-weight VGG19: Kaiming-normal weights with mode fan_out (std = √(2 / (out·3·3)), as
/// torchvision initialises VGG) and zero biases. Each layer's OIHW weights are cut into fixed blocks of
/// <see cref="BlockSize"/> values, and block b of layer l is drawn from <see cref="Xoshiro256StarStar"/>
/// stream (l·2³² + b) of the seed — so blocks fill in parallel and the result never depends on threads. Random-feature networks still synthesise textures, so this keeps
/// everything working offline, at lower quality than trained weights.
/// </summary>
internal static class RandomVgg19
{
    public const int BlockSize = 1 << 16;

    public static IReadOnlyList<ConvWeights> Create(ulong seed, IReadOnlyList<int> widths)
    {
        if (widths.Count != Vgg19Layout.ConvIndices.Count || widths.Any(w => w < 1 || w > 65536))
        {
            throw new NstException($"A random VGG19 needs {Vgg19Layout.ConvIndices.Count} positive layer widths; got [{string.Join(", ", widths)}].");
        }

        var convs = new List<ConvWeights>(widths.Count);
        int inChannels = 3;
        for (int layer = 0; layer < widths.Count; layer++)
        {
            int outChannels = widths[layer];
            double std = Math.Sqrt(2.0 / (outChannels * 9));
            var weight = new float[(long)outChannels * inChannels * 9];
            int blocks = (weight.Length + BlockSize - 1) / BlockSize;
            Parallel.For(0, blocks, block =>
            {
                var random = new Xoshiro256StarStar(seed, ((ulong)layer << 32) | (uint)block);
                int end = Math.Min(weight.Length, (block + 1) * BlockSize);
                for (int i = block * BlockSize; i < end; i++)
                {
                    weight[i] = (float)(random.NextNormal() * std);
                }
            });

            convs.Add(new ConvWeights(outChannels, inChannels, weight, new float[outChannels]));
            inChannels = outChannels;
        }

        return convs;
    }
}
