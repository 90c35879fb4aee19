namespace Nst.Engine.Session;

/// <summary>How the content's colours are kept.</summary>
public enum ColorPreservation
{
    /// <summary>Colours come from the style.</summary>
    None,

    /// <summary>Keep the content's chroma and take only the luminance of the result (neural-style's -original_colors).</summary>
    Luminance,

    /// <summary>Recolour the style images to the content's colour statistics before optimising (AdaIN's -preserveColor).</summary>
    Histogram,
}
