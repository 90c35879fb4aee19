using Nst.Engine.Optim;

namespace Nst.Engine.Tests.Optim;

/// <summary>Helpers for state round trips: a deep copy stands in for a trip through a checkpoint file.</summary>
internal static class StateCopy
{
    public static OptimizerState Deep(OptimizerState state) => new(
        state.Kind,
        state.Tensors.ToDictionary(p => p.Key, p => (float[])p.Value.Clone()),
        state.Scalars.ToDictionary(p => p.Key, p => p.Value));

    public static OptimizerState With(OptimizerState state, string? kind = null,
        Action<Dictionary<string, float[]>>? tensors = null, Action<Dictionary<string, string>>? scalars = null)
    {
        var t = state.Tensors.ToDictionary(p => p.Key, p => (float[])p.Value.Clone());
        var s = state.Scalars.ToDictionary(p => p.Key, p => p.Value);
        tensors?.Invoke(t);
        scalars?.Invoke(s);
        return new OptimizerState(kind ?? state.Kind, t, s);
    }

    /// <summary>Same tensors bit for bit and the same scalar strings.</summary>
    public static bool Identical(OptimizerState a, OptimizerState b) =>
        a.Kind == b.Kind
        && a.Scalars.Count == b.Scalars.Count
        && a.Scalars.All(p => b.Scalars.TryGetValue(p.Key, out var v) && v == p.Value)
        && a.Tensors.Count == b.Tensors.Count
        && a.Tensors.All(p => b.Tensors.TryGetValue(p.Key, out var v) && Bits(v).SequenceEqual(Bits(p.Value)));

    public static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
