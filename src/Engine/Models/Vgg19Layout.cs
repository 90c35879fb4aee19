namespace Nst.Engine.Models;

/// <summary>Where torchvision's VGG19 keeps its 16 convolutions in <c>features</c>, and their standard widths.</summary>
public static class Vgg19Layout
{
    /// <summary>Indices of the conv layers in <c>features</c>; ReLUs and max-pools sit between them.</summary>
    public static IReadOnlyList<int> ConvIndices { get; } = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34];

    /// <summary>Output channels of each conv in the real network.</summary>
    public static IReadOnlyList<int> StandardWidths { get; } = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512];

    public static string WeightKey(int conv) => $"features.{ConvIndices[conv]}.weight";

    public static string BiasKey(int conv) => $"features.{ConvIndices[conv]}.bias";
}
