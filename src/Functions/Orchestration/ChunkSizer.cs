using Nst.Functions.Jobs;

namespace Nst.Functions.Orchestration;

/// <summary>
/// How many iterations the next chunk runs: <see cref="RunSettings.ChunkSeconds"/> divided by the seconds per
/// iteration the last chunk measured (the first chunk runs a few iterations to measure it), at least one, at most
/// what is left. Depends only on recorded state, so every replay decides the same.
/// </summary>
public static class ChunkSizer
{
    public static int Next(JobState state, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        double secondsPerIteration = state.Timings.SecondsPerIteration;
        long wanted = secondsPerIteration > 0
            ? (long)Math.Floor(settings.ChunkSeconds / secondsPerIteration)
            : settings.FirstChunkIterations;
        long remaining = state.Progress.Iterations > 0 ? state.Progress.Iterations - state.Progress.Iteration : long.MaxValue;
        return (int)Math.Clamp(wanted, 1, Math.Max(1, Math.Min(settings.MaxChunkIterations, remaining)));
    }
}
