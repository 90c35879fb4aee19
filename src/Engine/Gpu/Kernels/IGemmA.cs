namespace Nst.Engine.Gpu.Kernels;

/// <summary>The left operand of <see cref="GemmKernel"/>: A[m, k], asked only for m &lt; M and k &lt; K.</summary>
internal interface IGemmA
{
    /// <summary>Whether consecutive k are adjacent in memory (then tiles are loaded along k, so reads coalesce).</summary>
    bool KFastest { get; }

    float Load(int m, int k);
}
