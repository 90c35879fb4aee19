using ILGPU;

namespace Nst.Engine.Gpu.Kernels;

/// <summary>
/// Sums in a fixed order, without atomics: group g adds the terms of its segment [g·segment, (g+1)·segment) over
/// 256 lanes (lane l takes the terms l, l+256, … in order), folds the lanes pairwise (l += l + w for w = 128, 64,
/// …, 1) and writes one partial; a second launch over the partials with one group gives the total. The lanes and
/// the folding do not depend on how many threads a group has (a thread takes every lane ≡ its index), so every
/// accelerator and tile shape produces the same bits for the same terms.
/// Launch: grid ⌈n/segment⌉, group ThreadsX·ThreadsY (at most 256).
/// </summary>
internal static class ReduceKernel
{
    public const int Lanes = 256;

    public static void Run<TTile, TSource>(TSource source, int count, int segment, ArrayView<double> output, int outputOffset)
        where TTile : struct, ITileShape
        where TSource : struct, IReduceSource
    {
        var tile = default(TTile);
        int threads = tile.ThreadsX * tile.ThreadsY;
        var lanes = SharedMemory.Allocate<double>(Lanes);
        int t = Group.IdxX, g = Grid.IdxX;
        int start = g * segment;
        int end = Math.Min(count, start + segment);
        for (int lane = t; lane < Lanes; lane += threads)
        {
            double sum = 0;
            for (int i = start + lane; i < end; i += Lanes) sum += source.Term(i);
            lanes[lane] = sum;
        }

        Group.Barrier();
        for (int width = Lanes / 2; width > 0; width /= 2)
        {
            for (int lane = t; lane < width; lane += threads) lanes[lane] += lanes[lane + width];
            Group.Barrier();
        }

        if (t == 0) output[outputOffset + g] = lanes[0];
    }
}
