namespace Nst.Engine.Kernels.Gemm;

/// <summary>Fills one B strip for the micro-kernel: dst[k][j] for k in [k0, k0+kc), j in [0, 64), zero for j ≥ n.</summary>
internal unsafe interface IPanelPacker
{
    void Pack(float* dst, int k0, int kc, int n0, int n);
}
