namespace Nst.Engine.Session;

/// <summary>Where the generated image starts.</summary>
public enum InitMode
{
    /// <summary>The content image itself (converges fastest; the default).</summary>
    Content,

    /// <summary>Seeded uniform noise in [0,1].</summary>
    Noise,

    /// <summary>The (first) style image resized to the content's size.</summary>
    Style,
}
