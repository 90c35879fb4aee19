namespace Nst.Engine.Kernels;

/// <summary>
/// How many threads the kernels use. Work is always cut into the same tiles whatever this is,
/// and each output is written by exactly one tile in a fixed order, so results do not depend on it.
/// </summary>
public static class Parallelism
{
    private static ParallelOptions s_options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Threads the kernels may use; 0 or less means one per processor (the default).</summary>
    public static int Threads
    {
        get => s_options.MaxDegreeOfParallelism;
        set => s_options = new ParallelOptions { MaxDegreeOfParallelism = value <= 0 ? Environment.ProcessorCount : value };
    }

    /// <summary>Runs body(tile) for tile in [0, tiles) on up to <see cref="Threads"/> threads.</summary>
    public static void For(int tiles, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (tiles <= 0) return;
        var options = s_options;
        if (options.MaxDegreeOfParallelism == 1 || tiles == 1)
        {
            for (int t = 0; t < tiles; t++) body(t);
            return;
        }

        Parallel.For(0, tiles, options, body);
    }
}
