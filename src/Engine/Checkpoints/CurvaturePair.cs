namespace Nst.Engine.Checkpoints;

/// <summary>
/// One L-BFGS curvature pair (y, s) of a checkpoint, named for good by its scale and its number in that scale's
/// optimizer. A pair never changes once made, so a store can write each one once however many checkpoints use it.
/// </summary>
public sealed record CurvaturePair(int Scale, long Number, float[] Y, float[] S)
{
    /// <summary>"{scale}-{number}", zero-padded so keys sort in the order the pairs were made.</summary>
    public string Key => KeyOf(Scale, Number);

    public static string KeyOf(int scale, long number) =>
        $"{scale.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)}-{number.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)}";
}
