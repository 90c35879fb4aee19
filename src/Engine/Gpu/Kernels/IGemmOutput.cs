namespace Nst.Engine.Gpu.Kernels;

/// <summary>Where <see cref="GemmKernel"/> puts C[m, n] (the sum over the grid's K slice <paramref name="slice"/>), with any epilogue.</summary>
internal interface IGemmOutput
{
    void Store(int m, int n, int slice, float sum);
}
