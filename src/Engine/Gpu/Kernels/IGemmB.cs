namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// The right operand of <see cref="GemmKernel"/>: B[k, n], asked only for k &lt; K and n &lt; N. A column is first
/// turned into a handle (<see cref="Column"/>: for an image, its row and column packed), which a thread that keeps
/// one column over all of K computes once.
/// </summary>
internal interface IGemmB
{
    /// <summary>Whether consecutive k are adjacent in memory (then tiles are loaded along k, so reads coalesce).</summary>
    bool KFastest { get; }

    int Column(int n);

    float Load(int k, int column);
}
