using Nst.Engine.Session;

namespace Nst.Engine.Benchmarks;

/// <summary>What <see cref="StyleBenchmark"/> measures.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Side of the square synthetic images, in pixels (default 512).</summary>
    public int Size { get; init; } = 512;

    /// <summary>Kernel threads; 0 means one per processor (default 0).</summary>
    public int Threads { get; init; }

    /// <summary>Timed iterations; the median is reported (default 5).</summary>
    public int Iterations { get; init; } = 5;

    /// <summary>Untimed iterations first, so packing, caches and the JIT are warm (default 1).</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>The optimizer that takes each step (default L-BFGS).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;

    /// <summary>Seed of the random-feature VGG19 (default 0).</summary>
    public ulong ModelSeed { get; init; }

    public void Validate()
    {
        if (Size < 16 || Size > 8192) throw new NstException($"--size {Size} is out of range; use 16 to 8192.");
        if (Threads < 0) throw new NstException($"--threads {Threads} must be 0 (all cores) or positive.");
        if (Iterations < 1) throw new NstException($"--iterations {Iterations} must be at least 1.");
        if (Warmup < 0) throw new NstException($"--warmup {Warmup} must not be negative.");
    }
}
