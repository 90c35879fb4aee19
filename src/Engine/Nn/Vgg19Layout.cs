using System.Text.RegularExpressions;

namespace Nst.Engine.Nn;

/// <summary>
/// torchvision's VGG19 <c>features</c> layout (features.0 … features.36) and the three spellings of layer names:
/// <c>conv4_2</c> (pre-ReLU), <c>relu4_2</c> and Keras' <c>block4_conv2</c> (both post-ReLU), plus <c>pool4</c>.
/// </summary>
public static partial class Vgg19Layout
{
    /// <summary>Convolutions per block.</summary>
    private static readonly int[] s_blockConvs = [2, 2, 4, 4, 4];

    /// <summary>features indices of the 16 convolutions, in order.</summary>
    public static IReadOnlyList<int> ConvIndices => s_convIndices.Value;

    public static IReadOnlyList<VggOp> Ops => s_ops.Value;

    /// <summary>Output channels of each conv in the real network.</summary>
    public static IReadOnlyList<int> StandardWidths { get; } = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512];

    /// <summary>State-dict key of conv <paramref name="conv"/>'s weight, e.g. features.5.weight.</summary>
    public static string WeightKey(int conv) => $"features.{ConvIndices[conv]}.weight";

    public static string BiasKey(int conv) => $"features.{ConvIndices[conv]}.bias";

    private static readonly Lazy<VggOp[]> s_ops = new(Build);
    private static readonly Lazy<int[]> s_convIndices = new(() => s_ops.Value.Where(o => o.Kind == VggOpKind.Conv).Select(o => o.Index).ToArray());

    private static VggOp[] Build()
    {
        var ops = new List<VggOp>();
        for (int b = 0; b < s_blockConvs.Length; b++)
        {
            for (int n = 1; n <= s_blockConvs[b]; n++)
            {
                ops.Add(new VggOp(ops.Count, VggOpKind.Conv, b + 1, n));
                ops.Add(new VggOp(ops.Count, VggOpKind.Relu, b + 1, n));
            }

            ops.Add(new VggOp(ops.Count, VggOpKind.Pool, b + 1, 0));
        }

        return ops.ToArray();
    }

    /// <summary>All names accepted for layers, for error messages.</summary>
    public static string AllowedNamesHint => "conv1_1…conv5_4 (pre-ReLU), relu1_1…relu5_4 or block1_conv1…block5_conv4 (post-ReLU), pool1…pool5";

    /// <summary>Resolves a layer name to the index of the op whose output it denotes.</summary>
    public static int Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryResolve(name, out int index)
            ? index
            : throw new NstException($"Unknown layer '{name}'; use {AllowedNamesHint}.");
    }

    /// <summary>Resolves a layer name, or returns false when VGG19 has no layer of that name.</summary>
    public static bool TryResolve(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant();
        var m = ConvOrRelu().Match(n);
        if (m.Success)
        {
            return Find(m.Groups[1].Value == "conv" ? VggOpKind.Conv : VggOpKind.Relu, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), out index);
        }

        m = Keras().Match(n);
        if (m.Success)
        {
            return Find(VggOpKind.Relu, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), out index);
        }

        m = Pool().Match(n);
        if (m.Success)
        {
            return Find(VggOpKind.Pool, int.Parse(m.Groups[1].Value), 0, out index);
        }

        index = -1;
        return false;
    }

    private static bool Find(VggOpKind kind, int block, int number, out int index)
    {
        foreach (var op in Ops)
        {
            if (op.Kind == kind && op.Block == block && op.Number == number)
            {
                index = op.Index;
                return true;
            }
        }

        index = -1;
        return false;
    }

    [GeneratedRegex(@"^(conv|relu)([1-5])_([1-4])$")]
    private static partial Regex ConvOrRelu();

    [GeneratedRegex(@"^block([1-5])_conv([1-4])$")]
    private static partial Regex Keras();

    [GeneratedRegex(@"^pool([1-5])$")]
    private static partial Regex Pool();
}
