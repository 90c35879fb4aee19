using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

public sealed class ChunkSizerTests
{
    private static readonly RunSettings Settings = new() { ChunkSeconds = 30, FirstChunkIterations = 3, MaxChunkIterations = 500 };

    private static JobState State(double secondsPerIteration, int iteration = 10, int iterations = 1000) => new()
    {
        Progress = new JobProgress { Iteration = iteration, Iterations = iterations },
        Timings = new JobTimings { SecondsPerIteration = secondsPerIteration },
    };

    [Fact]
    public void Next_NothingMeasured_RunsTheFirstChunksIterations()
    {
        Assert.Equal(3, ChunkSizer.Next(new JobState(), Settings));
    }

    [Theory]
    [InlineData(0.5, 60)]
    [InlineData(0.7, 42)]
    [InlineData(2.9, 10)]
    [InlineData(30, 1)]
    public void Next_Measured_ChunkSecondsOverSecondsPerIterationRoundedDown(double secondsPerIteration, int expected)
    {
        Assert.Equal(expected, ChunkSizer.Next(State(secondsPerIteration), Settings));
    }

    [Fact]
    public void Next_SlowerThanOneIterationPerChunk_RunsOne()
    {
        Assert.Equal(1, ChunkSizer.Next(State(1000), Settings));
    }

    [Fact]
    public void Next_FewerLeftThanWanted_RunsWhatIsLeft()
    {
        Assert.Equal(7, ChunkSizer.Next(State(0.5, iteration: 293, iterations: 300), Settings));
    }

    [Fact]
    public void Next_VeryFast_CappedAtMaxChunkIterations()
    {
        Assert.Equal(500, ChunkSizer.Next(State(0.0001, iteration: 0, iterations: 1_000_000), Settings));
    }

    [Fact]
    public void Next_TotalNotKnownYet_OnlyTheMaximumBounds()
    {
        Assert.Equal(60, ChunkSizer.Next(State(0.5, iteration: 3, iterations: 0), Settings));
    }

    [Fact]
    public void Next_NothingLeft_StillAtLeastOne()
    {
        Assert.Equal(1, ChunkSizer.Next(State(0.5, iteration: 300, iterations: 300), Settings));
    }
}
