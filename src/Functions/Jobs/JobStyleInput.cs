namespace Nst.Functions.Jobs;

/// <summary>A style of a submission: an image uploaded with it, or a name from the style library; plus its blend weight.</summary>
public sealed record JobStyleInput
{
    /// <summary>Style library name (<c>styles/{name}.*</c>); null when <see cref="Image"/> is given.</summary>
    public string? Name { get; init; }

    /// <summary>The style image's bytes; null when <see cref="Name"/> is given.</summary>
    public BinaryData? Image { get; init; }

    /// <summary>The uploaded file's name (its extension is kept for the stored copy).</summary>
    public string? FileName { get; init; }

    public double Weight { get; init; } = 1.0;

    public static JobStyleInput FromLibrary(string name, double weight = 1.0) => new() { Name = name, Weight = weight };

    public static JobStyleInput FromImage(BinaryData image, string fileName, double weight = 1.0) => new() { Image = image, FileName = fileName, Weight = weight };
}
