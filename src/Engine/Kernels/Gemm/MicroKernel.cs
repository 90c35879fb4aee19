using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// C[6×64] (+)= A[6×kc] · B[kc×64]: the register-blocked inner product every GEMM-shaped kernel runs.
/// A is read through row pointers (a + r·aRow + k·aK), so packed panels ([k][6]) and plain row-major
/// matrices use the same code; B is a packed strip [kc][64]. Each lane accumulates its k in order,
/// so a result never depends on how the work around it was tiled.
/// </summary>
internal static unsafe class MicroKernel
{
    public const int Mr = 6;
    public const int Nr = 64;

    /// <summary>Start from C instead of the bias (later K blocks, or accumulating outputs).</summary>
    public const int LoadC = 1;

    /// <summary>Store max(acc, 0) (the last K block of a fused conv + ReLU).</summary>
    public const int Relu = 2;

    /// <summary>The body for an ISA, chosen once per call at the top of a kernel.</summary>
    public static delegate*<float*, nint, nint, float*, int, float*, nint, float*, int, void> For(IsaLevel isa) => isa switch
    {
        IsaLevel.Vector512 => &Kernel512,
        IsaLevel.Vector256 => &Kernel256,
        IsaLevel.Vector128 => &Kernel128,
        _ => &KernelScalar,
    };

    // NoInlining keeps this a small standalone method, where the JIT holds all 24 accumulators in registers
    // (checked in the disassembly); AggressiveOptimization skips tier-0 code, which is many times slower here.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        Vector512<float> c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if ((flags & LoadC) != 0)
        {
            float* r = c;
            c00 = Vector512.Load(r); c01 = Vector512.Load(r + 16); c02 = Vector512.Load(r + 32); c03 = Vector512.Load(r + 48); r += ldc;
            c10 = Vector512.Load(r); c11 = Vector512.Load(r + 16); c12 = Vector512.Load(r + 32); c13 = Vector512.Load(r + 48); r += ldc;
            c20 = Vector512.Load(r); c21 = Vector512.Load(r + 16); c22 = Vector512.Load(r + 32); c23 = Vector512.Load(r + 48); r += ldc;
            c30 = Vector512.Load(r); c31 = Vector512.Load(r + 16); c32 = Vector512.Load(r + 32); c33 = Vector512.Load(r + 48); r += ldc;
            c40 = Vector512.Load(r); c41 = Vector512.Load(r + 16); c42 = Vector512.Load(r + 32); c43 = Vector512.Load(r + 48); r += ldc;
            c50 = Vector512.Load(r); c51 = Vector512.Load(r + 16); c52 = Vector512.Load(r + 32); c53 = Vector512.Load(r + 48);
        }
        else
        {
            c00 = c01 = c02 = c03 = bias == null ? default : Vector512.Create(bias[0]);
            c10 = c11 = c12 = c13 = bias == null ? default : Vector512.Create(bias[1]);
            c20 = c21 = c22 = c23 = bias == null ? default : Vector512.Create(bias[2]);
            c30 = c31 = c32 = c33 = bias == null ? default : Vector512.Create(bias[3]);
            c40 = c41 = c42 = c43 = bias == null ? default : Vector512.Create(bias[4]);
            c50 = c51 = c52 = c53 = bias == null ? default : Vector512.Create(bias[5]);
        }

        float* a0 = a, a1 = a + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            var b3 = Vector512.Load(b + 48);
            b += Nr;
            var av = Vector512.Create(*a0);
            c00 = Vector512.MultiplyAddEstimate(av, b0, c00); c01 = Vector512.MultiplyAddEstimate(av, b1, c01);
            c02 = Vector512.MultiplyAddEstimate(av, b2, c02); c03 = Vector512.MultiplyAddEstimate(av, b3, c03);
            av = Vector512.Create(*a1);
            c10 = Vector512.MultiplyAddEstimate(av, b0, c10); c11 = Vector512.MultiplyAddEstimate(av, b1, c11);
            c12 = Vector512.MultiplyAddEstimate(av, b2, c12); c13 = Vector512.MultiplyAddEstimate(av, b3, c13);
            av = Vector512.Create(*a2);
            c20 = Vector512.MultiplyAddEstimate(av, b0, c20); c21 = Vector512.MultiplyAddEstimate(av, b1, c21);
            c22 = Vector512.MultiplyAddEstimate(av, b2, c22); c23 = Vector512.MultiplyAddEstimate(av, b3, c23);
            av = Vector512.Create(*a3);
            c30 = Vector512.MultiplyAddEstimate(av, b0, c30); c31 = Vector512.MultiplyAddEstimate(av, b1, c31);
            c32 = Vector512.MultiplyAddEstimate(av, b2, c32); c33 = Vector512.MultiplyAddEstimate(av, b3, c33);
            av = Vector512.Create(*a4);
            c40 = Vector512.MultiplyAddEstimate(av, b0, c40); c41 = Vector512.MultiplyAddEstimate(av, b1, c41);
            c42 = Vector512.MultiplyAddEstimate(av, b2, c42); c43 = Vector512.MultiplyAddEstimate(av, b3, c43);
            av = Vector512.Create(*a5);
            c50 = Vector512.MultiplyAddEstimate(av, b0, c50); c51 = Vector512.MultiplyAddEstimate(av, b1, c51);
            c52 = Vector512.MultiplyAddEstimate(av, b2, c52); c53 = Vector512.MultiplyAddEstimate(av, b3, c53);
            a0 += aK; a1 += aK; a2 += aK; a3 += aK; a4 += aK; a5 += aK;
        }

        if ((flags & Relu) != 0)
        {
            var z = Vector512<float>.Zero;
            c00 = Vector512.ConditionalSelect(Vector512.GreaterThan(c00, z), c00, z); c01 = Vector512.ConditionalSelect(Vector512.GreaterThan(c01, z), c01, z);
            c02 = Vector512.ConditionalSelect(Vector512.GreaterThan(c02, z), c02, z); c03 = Vector512.ConditionalSelect(Vector512.GreaterThan(c03, z), c03, z);
            c10 = Vector512.ConditionalSelect(Vector512.GreaterThan(c10, z), c10, z); c11 = Vector512.ConditionalSelect(Vector512.GreaterThan(c11, z), c11, z);
            c12 = Vector512.ConditionalSelect(Vector512.GreaterThan(c12, z), c12, z); c13 = Vector512.ConditionalSelect(Vector512.GreaterThan(c13, z), c13, z);
            c20 = Vector512.ConditionalSelect(Vector512.GreaterThan(c20, z), c20, z); c21 = Vector512.ConditionalSelect(Vector512.GreaterThan(c21, z), c21, z);
            c22 = Vector512.ConditionalSelect(Vector512.GreaterThan(c22, z), c22, z); c23 = Vector512.ConditionalSelect(Vector512.GreaterThan(c23, z), c23, z);
            c30 = Vector512.ConditionalSelect(Vector512.GreaterThan(c30, z), c30, z); c31 = Vector512.ConditionalSelect(Vector512.GreaterThan(c31, z), c31, z);
            c32 = Vector512.ConditionalSelect(Vector512.GreaterThan(c32, z), c32, z); c33 = Vector512.ConditionalSelect(Vector512.GreaterThan(c33, z), c33, z);
            c40 = Vector512.ConditionalSelect(Vector512.GreaterThan(c40, z), c40, z); c41 = Vector512.ConditionalSelect(Vector512.GreaterThan(c41, z), c41, z);
            c42 = Vector512.ConditionalSelect(Vector512.GreaterThan(c42, z), c42, z); c43 = Vector512.ConditionalSelect(Vector512.GreaterThan(c43, z), c43, z);
            c50 = Vector512.ConditionalSelect(Vector512.GreaterThan(c50, z), c50, z); c51 = Vector512.ConditionalSelect(Vector512.GreaterThan(c51, z), c51, z);
            c52 = Vector512.ConditionalSelect(Vector512.GreaterThan(c52, z), c52, z); c53 = Vector512.ConditionalSelect(Vector512.GreaterThan(c53, z), c53, z);
        }

        c00.Store(c); c01.Store(c + 16); c02.Store(c + 32); c03.Store(c + 48); c += ldc;
        c10.Store(c); c11.Store(c + 16); c12.Store(c + 32); c13.Store(c + 48); c += ldc;
        c20.Store(c); c21.Store(c + 16); c22.Store(c + 32); c23.Store(c + 48); c += ldc;
        c30.Store(c); c31.Store(c + 16); c32.Store(c + 32); c33.Store(c + 48); c += ldc;
        c40.Store(c); c41.Store(c + 16); c42.Store(c + 32); c43.Store(c + 48); c += ldc;
        c50.Store(c); c51.Store(c + 16); c52.Store(c + 32); c53.Store(c + 48);
    }

    /// <summary>The 64 columns in four passes of 16 (6×2 accumulators: fits the 16 registers of AVX2).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        for (int j = 0; j < Nr; j += 16)
        {
            Panel256(a, aRow, aK, b + j, kc, c + j, ldc, bias, flags);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel256(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if ((flags & LoadC) != 0)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 8);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 8);
            c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 8);
            c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 8);
            c40 = Vector256.Load(c + 4 * ldc); c41 = Vector256.Load(c + 4 * ldc + 8);
            c50 = Vector256.Load(c + 5 * ldc); c51 = Vector256.Load(c + 5 * ldc + 8);
        }
        else
        {
            c00 = c01 = bias == null ? default : Vector256.Create(bias[0]);
            c10 = c11 = bias == null ? default : Vector256.Create(bias[1]);
            c20 = c21 = bias == null ? default : Vector256.Create(bias[2]);
            c30 = c31 = bias == null ? default : Vector256.Create(bias[3]);
            c40 = c41 = bias == null ? default : Vector256.Create(bias[4]);
            c50 = c51 = bias == null ? default : Vector256.Create(bias[5]);
        }

        float* a0 = a, a1 = a + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            b += Nr;
            var av = Vector256.Create(*a0);
            c00 = Vector256.MultiplyAddEstimate(av, b0, c00); c01 = Vector256.MultiplyAddEstimate(av, b1, c01);
            av = Vector256.Create(*a1);
            c10 = Vector256.MultiplyAddEstimate(av, b0, c10); c11 = Vector256.MultiplyAddEstimate(av, b1, c11);
            av = Vector256.Create(*a2);
            c20 = Vector256.MultiplyAddEstimate(av, b0, c20); c21 = Vector256.MultiplyAddEstimate(av, b1, c21);
            av = Vector256.Create(*a3);
            c30 = Vector256.MultiplyAddEstimate(av, b0, c30); c31 = Vector256.MultiplyAddEstimate(av, b1, c31);
            av = Vector256.Create(*a4);
            c40 = Vector256.MultiplyAddEstimate(av, b0, c40); c41 = Vector256.MultiplyAddEstimate(av, b1, c41);
            av = Vector256.Create(*a5);
            c50 = Vector256.MultiplyAddEstimate(av, b0, c50); c51 = Vector256.MultiplyAddEstimate(av, b1, c51);
            a0 += aK; a1 += aK; a2 += aK; a3 += aK; a4 += aK; a5 += aK;
        }

        bool relu = (flags & Relu) != 0;
        Store256(c, c00, c01, relu); c += ldc;
        Store256(c, c10, c11, relu); c += ldc;
        Store256(c, c20, c21, relu); c += ldc;
        Store256(c, c30, c31, relu); c += ldc;
        Store256(c, c40, c41, relu); c += ldc;
        Store256(c, c50, c51, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool relu)
    {
        if (relu)
        {
            v0 = Vector256.ConditionalSelect(Vector256.GreaterThan(v0, Vector256<float>.Zero), v0, Vector256<float>.Zero);
            v1 = Vector256.ConditionalSelect(Vector256.GreaterThan(v1, Vector256<float>.Zero), v1, Vector256<float>.Zero);
        }

        v0.Store(c);
        v1.Store(c + 8);
    }

    /// <summary>The 64 columns in eight passes of 8 (6×2 accumulators).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        for (int j = 0; j < Nr; j += 8)
        {
            Panel128(a, aRow, aK, b + j, kc, c + j, ldc, bias, flags);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel128(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if ((flags & LoadC) != 0)
        {
            c00 = Vector128.Load(c); c01 = Vector128.Load(c + 4);
            c10 = Vector128.Load(c + ldc); c11 = Vector128.Load(c + ldc + 4);
            c20 = Vector128.Load(c + 2 * ldc); c21 = Vector128.Load(c + 2 * ldc + 4);
            c30 = Vector128.Load(c + 3 * ldc); c31 = Vector128.Load(c + 3 * ldc + 4);
            c40 = Vector128.Load(c + 4 * ldc); c41 = Vector128.Load(c + 4 * ldc + 4);
            c50 = Vector128.Load(c + 5 * ldc); c51 = Vector128.Load(c + 5 * ldc + 4);
        }
        else
        {
            c00 = c01 = bias == null ? default : Vector128.Create(bias[0]);
            c10 = c11 = bias == null ? default : Vector128.Create(bias[1]);
            c20 = c21 = bias == null ? default : Vector128.Create(bias[2]);
            c30 = c31 = bias == null ? default : Vector128.Create(bias[3]);
            c40 = c41 = bias == null ? default : Vector128.Create(bias[4]);
            c50 = c51 = bias == null ? default : Vector128.Create(bias[5]);
        }

        float* a0 = a, a1 = a + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            b += Nr;
            var av = Vector128.Create(*a0);
            c00 = Vector128.MultiplyAddEstimate(av, b0, c00); c01 = Vector128.MultiplyAddEstimate(av, b1, c01);
            av = Vector128.Create(*a1);
            c10 = Vector128.MultiplyAddEstimate(av, b0, c10); c11 = Vector128.MultiplyAddEstimate(av, b1, c11);
            av = Vector128.Create(*a2);
            c20 = Vector128.MultiplyAddEstimate(av, b0, c20); c21 = Vector128.MultiplyAddEstimate(av, b1, c21);
            av = Vector128.Create(*a3);
            c30 = Vector128.MultiplyAddEstimate(av, b0, c30); c31 = Vector128.MultiplyAddEstimate(av, b1, c31);
            av = Vector128.Create(*a4);
            c40 = Vector128.MultiplyAddEstimate(av, b0, c40); c41 = Vector128.MultiplyAddEstimate(av, b1, c41);
            av = Vector128.Create(*a5);
            c50 = Vector128.MultiplyAddEstimate(av, b0, c50); c51 = Vector128.MultiplyAddEstimate(av, b1, c51);
            a0 += aK; a1 += aK; a2 += aK; a3 += aK; a4 += aK; a5 += aK;
        }

        bool relu = (flags & Relu) != 0;
        Store128(c, c00, c01, relu); c += ldc;
        Store128(c, c10, c11, relu); c += ldc;
        Store128(c, c20, c21, relu); c += ldc;
        Store128(c, c30, c31, relu); c += ldc;
        Store128(c, c40, c41, relu); c += ldc;
        Store128(c, c50, c51, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store128(float* c, Vector128<float> v0, Vector128<float> v1, bool relu)
    {
        if (relu)
        {
            v0 = Vector128.ConditionalSelect(Vector128.GreaterThan(v0, Vector128<float>.Zero), v0, Vector128<float>.Zero);
            v1 = Vector128.ConditionalSelect(Vector128.GreaterThan(v1, Vector128<float>.Zero), v1, Vector128<float>.Zero);
        }

        v0.Store(c);
        v1.Store(c + 4);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar(float* a, nint aRow, nint aK, float* b, int kc, float* c, nint ldc, float* bias, int flags)
    {
        for (int r = 0; r < Mr; r++)
        {
            float* ar = a + r * aRow;
            float* cr = c + r * ldc;
            for (int j = 0; j < Nr; j++)
            {
                float acc = (flags & LoadC) != 0 ? cr[j] : bias == null ? 0f : bias[r];
                for (int k = 0; k < kc; k++)
                {
                    acc += ar[k * aK] * b[k * Nr + j];
                }

                cr[j] = (flags & Relu) != 0 && !(acc > 0) ? 0f : acc;
            }
        }
    }
}
