using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Session;

namespace Nst.Engine.Tests.Checkpoints;

public class CheckpointPairsTests
{
    private static StyleTransferOptions Options(OptimizerKind optimizer, int history = 100) => new()
    {
        Size = 32,
        Scales = 2,
        Iterations = [6, 14],
        Optimizer = optimizer,
        LbfgsHistory = history,
        StyleWeight = 1e3f,
        TvWeight = 1e-2f,
    };

    private static StyleTransfer Create(StyleTransferOptions options) =>
        StyleTransfer.Create(options, TestNetworks.Narrow(3), Image(1, 40, 30), [Image(2, 28, 28)]);

    private static RgbImage Image(int seed, int w, int h)
    {
        var rng = new Random(seed);
        var px = new float[3 * w * h];
        for (int i = 0; i < px.Length; i++) px[i] = (float)rng.NextDouble();
        return new RgbImage(w, h, px);
    }

    private static T RoundTrip<T>(T value, Action<T, Stream> write, Func<Stream, T> read)
    {
        using var ms = new MemoryStream();
        write(value, ms);
        ms.Position = 0;
        return read(ms);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3)] // the history wraps: old pairs drop out of the window
    public void SplitJoin_ThroughFiles_ResumesBitIdenticalToUnbrokenRun(int history)
    {
        var options = Options(OptimizerKind.Lbfgs, history);
        using var unbroken = Create(options);
        unbroken.Run(100);

        var store = new Dictionary<string, CurvaturePair>();
        Checkpoint core;
        using (var first = Create(options))
        {
            first.Run(11); // 6 at scale 0, 5 at scale 1
            var (c, pairs) = CheckpointPairs.Split(first.Export(copy: false));
            Assert.Equal(Math.Min(history, 4), pairs.Count); // 5 steps at scale 1 keep at most 4 pairs
            Assert.All(pairs, p => Assert.Equal(1, p.Scale));
            foreach (var pair in pairs)
            {
                store[pair.Key] = RoundTrip(pair, CheckpointPairs.WritePair, s => CheckpointPairs.ReadPair(s, pair.Key));
            }

            core = RoundTrip(c, (x, s) => x.WriteTo(s), s => Checkpoint.Read(s));
            Assert.DoesNotContain(core.Optimizer.Tensors.Keys, k => k.StartsWith("old_", StringComparison.Ordinal));
        }

        var needed = CheckpointPairs.Needed(core);
        Checkpoint joined = CheckpointPairs.Join(core, needed.Select(n => store[CurvaturePair.KeyOf(n.Scale, n.Number)]).ToList());
        using var resumed = Create(options);
        resumed.Resume(joined);
        resumed.Run(100);
        Assert.True(unbroken.Image.SequenceEqual(resumed.Image), "split and joined checkpoint did not resume bit-identically");
    }

    [Fact]
    public void Split_TwoCheckpointsOfOneRun_SharedPairsHaveSameKeysAndValues()
    {
        using var run = Create(Options(OptimizerKind.Lbfgs));
        run.Run(9);
        var (_, early) = CheckpointPairs.Split(run.Export());
        run.Run(3);
        var (_, later) = CheckpointPairs.Split(run.Export());

        var earlyByKey = early.ToDictionary(p => p.Key);
        var shared = later.Where(p => earlyByKey.ContainsKey(p.Key)).ToList();
        Assert.Equal(early.Count, shared.Count);
        Assert.Equal(later.Count - early.Count, later.Count(p => !earlyByKey.ContainsKey(p.Key)));
        Assert.All(shared, p => Assert.True(p.Y.SequenceEqual(earlyByKey[p.Key].Y) && p.S.SequenceEqual(earlyByKey[p.Key].S)));
    }

    [Fact]
    public void Join_MissingPair_IsRefusedNamingIt()
    {
        using var run = Create(Options(OptimizerKind.Lbfgs));
        run.Run(10);
        var (core, pairs) = CheckpointPairs.Split(run.Export());
        var e = Assert.Throws<NstException>(() => CheckpointPairs.Join(core, pairs.Skip(1).ToList()));
        Assert.Contains(pairs[0].Key, e.Message);
    }

    [Fact]
    public void Split_Adam_HasNoPairs()
    {
        using var run = Create(Options(OptimizerKind.Adam));
        run.Run(3);
        var checkpoint = run.Export();
        var (core, pairs) = CheckpointPairs.Split(checkpoint);
        Assert.Empty(pairs);
        Assert.Same(checkpoint, core);
    }
}
