namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// A GPU's tile: 256 threads over a 64×64 output block, K in stages of 16 (8 KB of shared memory). Each thread's
/// 4×4 outputs are strided by 16 rows and columns, so a warp reads consecutive shared-memory words (no bank
/// conflicts) and writes consecutive pixels (coalesced).
/// </summary>
internal readonly struct CudaTile : ITileShape
{
    public int ThreadsX => 16;

    public int ThreadsY => 16;

    public int MaxGroups => 8192;

    public int KTile => 16;
}
