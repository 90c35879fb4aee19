namespace Nst.Engine.Kernels.Gemm;

/// <summary>B = Mᵀ for a row-major N×K matrix M (leading dimension ld): strip row k gathers column k of 64 rows of M.</summary>
internal readonly unsafe struct TransposePacker(float* m, int ld) : IPanelPacker
{
    public void Pack(float* dst, int k0, int kc, int n0, int n)
    {
        const int nr = MicroKernel.Nr;
        for (int j = 0; j < n; j++)
        {
            float* src = m + (nint)(n0 + j) * ld + k0;
            float* d = dst + j;
            for (int kk = 0; kk < kc; kk++) d[kk * nr] = src[kk];
        }

        for (int j = n; j < nr; j++)
        {
            for (int kk = 0; kk < kc; kk++) dst[kk * nr + j] = 0f;
        }
    }
}
