namespace Nst.Engine.Models;

/// <summary>How the network expects its input image.</summary>
public enum PreprocessHint
{
    /// <summary>Not known; callers use torchvision's convention.</summary>
    Unknown,

    /// <summary>RGB in 0–1, minus ImageNet mean (0.485, 0.456, 0.406), divided by std (0.229, 0.224, 0.225).</summary>
    Torchvision,

    /// <summary>BGR in 0–255 minus the mean pixel (103.939, 116.779, 123.68): the caffe-converted VGG19 of neural-style-pt.</summary>
    Caffe,
}
