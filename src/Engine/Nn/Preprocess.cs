namespace Nst.Engine.Nn;

/// <summary>How an RGB image in [0,1] is turned into the network's input.</summary>
public enum Preprocess
{
    /// <summary>RGB, minus mean (0.485, 0.456, 0.406), divided by std (0.229, 0.224, 0.225).</summary>
    Torchvision,

    /// <summary>BGR, ×255, minus (103.939, 116.779, 123.68): the caffe-converted VGG19.</summary>
    Caffe,
}
