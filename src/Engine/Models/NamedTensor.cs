namespace Nst.Engine.Models;

/// <summary>A tensor read from a weights file, converted to float32, in row-major (contiguous) order.</summary>
internal sealed record NamedTensor(string Name, long[] Shape, float[] Data)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
