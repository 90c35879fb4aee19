using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Gemm;

/// <summary>
/// Packs the implicit im2col matrix of a 3×3, pad 1 convolution: B[k][p] = x[i, r+ky−1, c+kx−1] for
/// k = (i·3 + ky)·3 + kx and output pixel p = r·W + c, zero outside the image. For a fixed tap (ky, kx)
/// the source of consecutive pixels is contiguous (offset (ky−1)·W + kx−1), so each row of a strip is a
/// plain load ANDed with that tap's border mask; only loads that would leave the tensor go element by element.
/// </summary>
/// <remarks>
/// Border masks are built once per strip and kept in <paramref name="maskCache"/> (<see cref="MaskCacheLength"/>
/// uints, owned by the tile), since every K block of a tile packs the same strips again.
/// </remarks>
internal unsafe struct Im2ColPacker(float* image, float* tensorStart, float* tensorEnd, int h, int w, IsaLevel isa, uint* maskCache)
    : IPanelPacker
{
    private const int Nr = MicroKernel.Nr;
    private const int Slots = GemmScratch.Nc / Nr;

    public const int MaskCacheLength = Slots * (9 * Nr + 1);

    // Fully optimised from the first call: kernels run few, long calls, so tier-0 code would linger.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(float* dst, int k0, int kc, int n0, int n)
    {
        // Strips of one tile are consecutive, so n0/64 mod Slots never collides within a tile.
        int slot = n0 / Nr % Slots;
        uint* key = maskCache + Slots * 9 * Nr + slot;
        uint* masks = maskCache + slot * 9 * Nr;
        if (*key != (uint)n0 + 1)
        {
            BuildMasks(masks, n0, n, h, w);
            *key = (uint)n0 + 1;
        }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BuildMasks(uint* masks, int n0, int n, int h, int w)
    {
        int r = n0 / w, c = n0 - r * w;
        for (int j = 0; j < Nr; j++)
        {
            uint inside = j < n ? uint.MaxValue : 0u;
            uint up = r > 0 ? inside : 0u, down = r + 1 < h ? inside : 0u;
            uint left = c > 0 ? uint.MaxValue : 0u, right = c + 1 < w ? uint.MaxValue : 0u;
            masks[j] = up & left; masks[Nr + j] = up; masks[2 * Nr + j] = up & right;
            masks[3 * Nr + j] = inside & left; masks[4 * Nr + j] = inside; masks[5 * Nr + j] = inside & right;
            masks[6 * Nr + j] = down & left; masks[7 * Nr + j] = down; masks[8 * Nr + j] = down & right;
            if (++c == w)
            {
                c = 0;
                r++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly void CopyMasked(float* src, uint* mask, float* d)
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
