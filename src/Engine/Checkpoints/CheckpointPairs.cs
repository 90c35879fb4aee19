using System.Globalization;
using Nst.Engine.Models.Safetensors;
using Nst.Engine.Optim;

namespace Nst.Engine.Checkpoints;

/// <summary>
/// Splits an L-BFGS checkpoint into its core (image, direction, scalars: a few image-sized tensors) and its curvature
/// pairs (up to the history size, 100 by default: ~600 MB at 512²), and joins them again. Between two checkpoints of
/// one run only the pairs made in between are new, so a store that keeps pairs apart writes each once.
/// </summary>
public static class CheckpointPairs
{
    private const string YKey = "y";
    private const string SKey = "s";

    /// <summary>The core (no pair tensors; its scalars still say which pairs it needs) and the pairs, oldest first.</summary>
    public static (Checkpoint Core, IReadOnlyList<CurvaturePair> Pairs) Split(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        IReadOnlyList<(int Scale, long Number)> needed = Needed(checkpoint);
        if (needed.Count == 0)
        {
            return (checkpoint, []);
        }

        var state = checkpoint.Optimizer;
        var pairs = new CurvaturePair[needed.Count];
        for (int i = 0; i < needed.Count; i++)
        {
            pairs[i] = new CurvaturePair(needed[i].Scale, needed[i].Number, PairTensor(state, YName(i)), PairTensor(state, SName(i)));
        }

        var coreTensors = state.Tensors
            .Where(t => !t.Key.StartsWith(Lbfgs.PairYPrefix, StringComparison.Ordinal) && !t.Key.StartsWith(Lbfgs.PairSPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        Checkpoint core = checkpoint with { Optimizer = new OptimizerState(state.Kind, coreTensors, state.Scalars) };
        return (core, pairs);
    }

    /// <summary>The pairs (scale, number) a checkpoint or core uses, oldest first; none for Adam or before L-BFGS has any.</summary>
    public static IReadOnlyList<(int Scale, long Number)> Needed(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var state = checkpoint.Optimizer;
        if (state.Kind != Lbfgs.KindName || !state.Scalars.ContainsKey("history"))
        {
            return [];
        }

        long count = state.Int("history", 0, int.MaxValue);
        long kept = state.Scalars.ContainsKey(Lbfgs.PairsKeptScalar) ? state.Int(Lbfgs.PairsKeptScalar, count, long.MaxValue) : count;
        var needed = new (int, long)[count];
        for (int i = 0; i < count; i++)
        {
            needed[i] = (checkpoint.Scale, kept - count + i);
        }

        return needed;
    }

    /// <summary>The whole checkpoint again from a core and its pairs (any order; each needed pair exactly once).</summary>
    public static Checkpoint Join(Checkpoint core, IReadOnlyCollection<CurvaturePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(pairs);
        IReadOnlyList<(int Scale, long Number)> needed = Needed(core);
        if (needed.Count == 0)
        {
            return core;
        }

        var byKey = pairs.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var tensors = new Dictionary<string, float[]>(core.Optimizer.Tensors, StringComparer.Ordinal);
        for (int i = 0; i < needed.Count; i++)
        {
            string key = CurvaturePair.KeyOf(needed[i].Scale, needed[i].Number);
            if (!byKey.TryGetValue(key, out CurvaturePair? pair))
            {
                throw new NstException($"The checkpoint needs L-BFGS pair {key}, which is missing.");
            }

            tensors[YName(i)] = pair.Y;
            tensors[SName(i)] = pair.S;
        }

        return core with { Optimizer = new OptimizerState(core.Optimizer.Kind, tensors, core.Optimizer.Scalars) };
    }

    /// <summary>One pair as a small safetensors file (raw F32 y and s, its key in the metadata).</summary>
    public static void WritePair(CurvaturePair pair, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var w = new SafetensorsWriter();
        w.Add(YKey, pair.Y, [pair.Y.Length]);
        w.Add(SKey, pair.S, [pair.S.Length]);
        w.Metadata["nst.pair"] = pair.Key;
        w.WriteTo(stream);
    }

    public static CurvaturePair ReadPair(Stream stream, string description)
    {
        using var r = SafetensorsReader.Open(stream, leaveOpen: true, description);
        if (!r.Metadata.TryGetValue("nst.pair", out string? key) || !r.Contains(YKey) || !r.Contains(SKey))
        {
            throw new NstException($"'{description}' is not an L-BFGS pair.");
        }

        int dash = key.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !int.TryParse(key.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int scale)
            || !long.TryParse(key.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            throw new NstException($"'{description}' names its pair '{key}', which is not scale-number.");
        }

        float[] y = r.ReadSingles(YKey);
        float[] s = r.ReadSingles(SKey);
        return y.Length == s.Length ? new CurvaturePair(scale, number, y, s) : throw new NstException($"'{description}' has y and s of different lengths.");
    }

    private static float[] PairTensor(OptimizerState state, string name) =>
        state.Tensors.TryGetValue(name, out float[]? values) ? values : throw new NstException($"The checkpoint lacks its L-BFGS tensor '{name}'.");

    private static string YName(int i) => Lbfgs.PairYPrefix + i.ToString(CultureInfo.InvariantCulture);

    private static string SName(int i) => Lbfgs.PairSPrefix + i.ToString(CultureInfo.InvariantCulture);
}
