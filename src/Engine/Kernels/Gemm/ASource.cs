namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// Where the micro-kernel reads A: element (row m, k) of row block mb = m − m mod 6 is at
/// Ptr + mb·BlockStride + (m − mb)·RowStride + k·KStride. Packed panels ([block][k][6], zero-padded rows)
/// use (K, 1, 6); a plain row-major matrix uses (lda, lda, 1) and has no padding rows.
/// </summary>
internal readonly unsafe struct ASource(float* ptr, nint blockStride, nint rowStride, nint kStride, bool padded)
{
    public float* Ptr { get; } = ptr;
    public nint BlockStride { get; } = blockStride;
    public nint RowStride { get; } = rowStride;
    public nint KStride { get; } = kStride;

    /// <summary>Rows past M exist and are zero, so a partial row block can be read in place.</summary>
    public bool Padded { get; } = padded;

    public static ASource Packed(float* ptr, int k) => new(ptr, k, 1, MicroKernel.Mr, padded: true);

    public static ASource RowMajor(float* ptr, int lda) => new(ptr, lda, lda, 1, padded: false);
}
