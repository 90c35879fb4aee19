namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// ILGPU's CPU accelerator runs each thread of a group on an OS thread and each barrier costs milliseconds there,
/// so on it a group is one thread over a 4×4 block with K in stages of 64: the same arithmetic in the same order
/// as <see cref="CudaTile"/>, at a speed the tests can afford.
/// </summary>
internal readonly struct EmulatorTile : ITileShape
{
    public int ThreadsX => 1;

    public int ThreadsY => 1;

    public int MaxGroups => 64;

    public int KTile => 64;
}
