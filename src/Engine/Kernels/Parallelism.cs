namespace Nst.Engine.Kernels;

/// <summary>
/// How many threads the kernels use. Work is always cut into the same tiles whatever this is,
/// and each output is written by exactly one tile in a fixed order, so results do not depend on it.
/// </summary>
public static class Parallelism
{
    private static int s_threads = Environment.ProcessorCount;

    public static int Threads
    {
        get => s_threads;
        set => s_threads = value <= 0 ? Environment.ProcessorCount : value;
    }

    /// <summary>Runs body(tile) for tile in [0, tiles) on up to <see cref="Threads"/> threads.</summary>
    public static void For(int tiles, Action<int> body)
    {
        if (tiles <= 0) return;
        if (s_threads == 1 || tiles == 1)
        {
            for (int t = 0; t < tiles; t++) body(t);
            return;
        }

        Parallel.For(0, tiles, new ParallelOptions { MaxDegreeOfParallelism = s_threads }, body);
    }
}
