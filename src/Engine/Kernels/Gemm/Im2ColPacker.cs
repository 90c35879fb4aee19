using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// Packs the implicit im2col matrix of a 3×3, pad 1 convolution: B[k][p] = x[i, r+ky−1, c+kx−1] for
/// k = (i·3 + ky)·3 + kx and output pixel p = r·W + c, zero outside the image. For a fixed tap (ky, kx)
/// the source of consecutive pixels is contiguous (offset (ky−1)·W + kx−1), so each row of a strip is a
/// plain load ANDed with that tap's border mask; only loads that would leave the tensor go element by element.
/// </summary>
internal readonly unsafe struct Im2ColPacker(float* image, float* tensorStart, float* tensorEnd, int h, int w, IsaLevel isa)
    : IPanelPacker
{
    private const int Nr = MicroKernel.Nr;

    [SkipLocalsInit]
    public void Pack(float* dst, int k0, int kc, int n0, int n)
    {
        uint* masks = stackalloc uint[9 * Nr];
        BuildMasks(masks, n0, n);
        int plane = h * w;
        for (int kk = 0; kk < kc; kk++)
        {
            int k = k0 + kk;
            int i = k / 9, tap = k - i * 9;
            int ky = tap / 3, kx = tap - ky * 3;
            float* src = image + (nint)i * plane + n0 + (ky - 1) * w + kx - 1;
            uint* mask = masks + tap * Nr;
            float* d = dst + kk * Nr;
            if (src >= tensorStart && src + Nr <= tensorEnd)
            {
                CopyMasked(src, mask, d);
            }
            else
            {
                for (int j = 0; j < Nr; j++) d[j] = mask[j] != 0 && src + j >= tensorStart && src + j < tensorEnd ? src[j] : 0f;
            }
        }
    }

    /// <summary>mask[tap][j] is all ones where pixel n0+j exists and its tap lands inside the image.</summary>
    private void BuildMasks(uint* masks, int n0, int n)
    {
        int r = n0 / w, c = n0 - r * w;
        for (int j = 0; j < Nr; j++)
        {
            for (int tap = 0; tap < 9; tap++)
            {
                int rr = r + tap / 3 - 1, cc = c + tap % 3 - 1;
                masks[tap * Nr + j] = j < n && (uint)rr < (uint)h && (uint)cc < (uint)w ? uint.MaxValue : 0u;
            }

            if (++c == w)
            {
                c = 0;
                r++;
            }
        }
    }

    private void CopyMasked(float* src, uint* mask, float* d)
    {
        if (isa == IsaLevel.Vector512)
        {
            for (int j = 0; j < Nr; j += 16)
            {
                (Vector512.Load(src + j).AsUInt32() & Vector512.Load(mask + j)).AsSingle().Store(d + j);
            }
        }
        else if (isa == IsaLevel.Vector256)
        {
            for (int j = 0; j < Nr; j += 8)
            {
                (Vector256.Load(src + j).AsUInt32() & Vector256.Load(mask + j)).AsSingle().Store(d + j);
            }
        }
        else if (isa == IsaLevel.Vector128)
        {
            for (int j = 0; j < Nr; j += 4)
            {
                (Vector128.Load(src + j).AsUInt32() & Vector128.Load(mask + j)).AsSingle().Store(d + j);
            }
        }
        else
        {
            uint* s = (uint*)src;
            uint* o = (uint*)d;
            for (int j = 0; j < Nr; j++) o[j] = s[j] & mask[j];
        }
    }
}
