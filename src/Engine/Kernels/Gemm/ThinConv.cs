using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// A convolution with at most 6 outputs (the image-gradient end of the first layer) has a single row block,
/// so packing its im2col strips would cost as much as the product. Here the micro-kernel reads the
/// masked input rows directly and runs all of K in registers (Vector512 only; each lane still sums k in order).
/// </summary>
internal static unsafe class ThinConv
{
    private const int Mr = MicroKernel.Mr;
    private const int Nr = MicroKernel.Nr;

    public static bool Applies(PackedConv a, IsaLevel isa) => a.Outputs <= Mr && isa == IsaLevel.Vector512;

    /// <summary>True when every tap of every input channel for pixels [n0, n0+64) can be loaded without leaving the tensor.</summary>
    public static bool CanRead(float* image, int inputs, int plane, int w, int n0, float* tensorStart, float* tensorEnd)
        => image + n0 - w - 1 >= tensorStart && image + (nint)(inputs - 1) * plane + n0 + w + 1 + Nr <= tensorEnd;

    /// <summary>out[r][n0 + j] for r &lt; outputs, j &lt; n: one strip, all of K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Strip(PackedConv a, float* image, int h, int w, int n0, int n, float* output, int plane, int flags)
    {
        uint* masks = stackalloc uint[9 * Nr];
        Im2ColPacker.BuildMasks(masks, n0, n, h, w);
        int* offsets = stackalloc int[9];
        for (int tap = 0; tap < 9; tap++) offsets[tap] = (tap / 3 - 1) * w + tap % 3 - 1;
        float* block = stackalloc float[Mr * Nr];
        Kernel512(a.Panels, image + n0, plane, a.Inputs, offsets, masks, block, a.Bias, flags);
        for (int r = 0; r < a.Outputs; r++)
        {
            new ReadOnlySpan<float>(block + r * Nr, n).CopyTo(new Span<float>(output + (nint)r * plane + n0, n));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, float* src, int plane, int inputs, int* offsets, uint* masks, float* c, float* bias, int flags)
    {
        Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        Vector512<float> c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        c00 = c01 = c02 = c03 = bias == null ? default : Vector512.Create(bias[0]);
        c10 = c11 = c12 = c13 = bias == null ? default : Vector512.Create(bias[1]);
        c20 = c21 = c22 = c23 = bias == null ? default : Vector512.Create(bias[2]);
        c30 = c31 = c32 = c33 = bias == null ? default : Vector512.Create(bias[3]);
        c40 = c41 = c42 = c43 = bias == null ? default : Vector512.Create(bias[4]);
        c50 = c51 = c52 = c53 = bias == null ? default : Vector512.Create(bias[5]);
        for (int i = 0; i < inputs; i++, src += plane)
        {
            for (int tap = 0; tap < 9; tap++, a += Mr)
            {
                float* s = src + offsets[tap];
                uint* m = masks + tap * Nr;
                var b0 = (Vector512.Load(s).AsUInt32() & Vector512.Load(m)).AsSingle();
                var b1 = (Vector512.Load(s + 16).AsUInt32() & Vector512.Load(m + 16)).AsSingle();
                var b2 = (Vector512.Load(s + 32).AsUInt32() & Vector512.Load(m + 32)).AsSingle();
                var b3 = (Vector512.Load(s + 48).AsUInt32() & Vector512.Load(m + 48)).AsSingle();
                var av = Vector512.Create(a[0]);
                c00 = Vector512.MultiplyAddEstimate(av, b0, c00); c01 = Vector512.MultiplyAddEstimate(av, b1, c01);
                c02 = Vector512.MultiplyAddEstimate(av, b2, c02); c03 = Vector512.MultiplyAddEstimate(av, b3, c03);
                av = Vector512.Create(a[1]);
                c10 = Vector512.MultiplyAddEstimate(av, b0, c10); c11 = Vector512.MultiplyAddEstimate(av, b1, c11);
                c12 = Vector512.MultiplyAddEstimate(av, b2, c12); c13 = Vector512.MultiplyAddEstimate(av, b3, c13);
                av = Vector512.Create(a[2]);
                c20 = Vector512.MultiplyAddEstimate(av, b0, c20); c21 = Vector512.MultiplyAddEstimate(av, b1, c21);
                c22 = Vector512.MultiplyAddEstimate(av, b2, c22); c23 = Vector512.MultiplyAddEstimate(av, b3, c23);
                av = Vector512.Create(a[3]);
                c30 = Vector512.MultiplyAddEstimate(av, b0, c30); c31 = Vector512.MultiplyAddEstimate(av, b1, c31);
                c32 = Vector512.MultiplyAddEstimate(av, b2, c32); c33 = Vector512.MultiplyAddEstimate(av, b3, c33);
                av = Vector512.Create(a[4]);
                c40 = Vector512.MultiplyAddEstimate(av, b0, c40); c41 = Vector512.MultiplyAddEstimate(av, b1, c41);
                c42 = Vector512.MultiplyAddEstimate(av, b2, c42); c43 = Vector512.MultiplyAddEstimate(av, b3, c43);
                av = Vector512.Create(a[5]);
                c50 = Vector512.MultiplyAddEstimate(av, b0, c50); c51 = Vector512.MultiplyAddEstimate(av, b1, c51);
                c52 = Vector512.MultiplyAddEstimate(av, b2, c52); c53 = Vector512.MultiplyAddEstimate(av, b3, c53);
            }
        }

        Store(c, c00, c01, c02, c03, flags); c += Nr;
        Store(c, c10, c11, c12, c13, flags); c += Nr;
        Store(c, c20, c21, c22, c23, flags); c += Nr;
        Store(c, c30, c31, c32, c33, flags); c += Nr;
        Store(c, c40, c41, c42, c43, flags); c += Nr;
        Store(c, c50, c51, c52, c53, flags);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, int flags)
    {
        if ((flags & MicroKernel.Relu) != 0)
        {
            var z = Vector512<float>.Zero;
            v0 = Vector512.ConditionalSelect(Vector512.GreaterThan(v0, z), v0, z);
            v1 = Vector512.ConditionalSelect(Vector512.GreaterThan(v1, z), v1, z);
            v2 = Vector512.ConditionalSelect(Vector512.GreaterThan(v2, z), v2, z);
            v3 = Vector512.ConditionalSelect(Vector512.GreaterThan(v3, z), v3, z);
        }

        v0.Store(c); v1.Store(c + 16); v2.Store(c + 32); v3.Store(c + 48);
    }
}
