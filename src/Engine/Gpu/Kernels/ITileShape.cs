namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// The work split of a kernel, fixed at compile time (kernels are generic over it, so loops and shared-memory
/// sizes are constants). A GEMM group is ThreadsY × ThreadsX threads, each owning a 4×4 block of outputs, over
/// K in steps of <see cref="KTile"/>. Every output is still summed over k in ascending order by one thread, so
/// the tile shape changes the speed, never the bits.
/// </summary>
internal interface ITileShape
{
    /// <summary>Threads along N (pixels); a group covers 4·ThreadsX columns.</summary>
    int ThreadsX { get; }

    /// <summary>Threads along M (channels); a group covers 4·ThreadsY rows.</summary>
    int ThreadsY { get; }

    /// <summary>K per shared-memory stage.</summary>
    int KTile { get; }

    /// <summary>Most groups an elementwise launch uses (each then loops over its share): enough to fill the device.</summary>
    int MaxGroups { get; }
}
