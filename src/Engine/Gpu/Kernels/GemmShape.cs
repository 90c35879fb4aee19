namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// C[M×N] = A[M×K]·B[K×N] where the grid's z-th slice sums k in [z·KSlice, min(K, (z+1)·KSlice)). KSlice is fixed
/// by the caller from the shape alone, so a split-K sum (Gram) is reduced in the same order on every device.
/// </summary>
internal readonly record struct GemmShape(int M, int N, int K, int KSlice);
