namespace Nst.Engine.Imaging;

/// <summary>The image formats the engine reads and writes.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
}
