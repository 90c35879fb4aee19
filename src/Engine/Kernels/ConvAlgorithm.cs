namespace Nst.Engine.Kernels;

/// <summary>How <see cref="Conv3x3"/> computes a convolution.</summary>
internal enum ConvAlgorithm
{
    /// <summary>Winograd where it pays (see <see cref="ConvPolicy"/>), the direct GEMM elsewhere.</summary>
    Auto,

    /// <summary>Always the implicit-GEMM direct convolution.</summary>
    Direct,

    /// <summary>Always Winograd F(2×2, 3×3).</summary>
    Winograd,

    /// <summary>Always Winograd F(4×4, 3×3).</summary>
    Winograd4,
}
