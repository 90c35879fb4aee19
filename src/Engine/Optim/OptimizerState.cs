using System.Globalization;

namespace Nst.Engine.Optim;

/// <summary>
/// An optimizer's whole state, shaped for a safetensors file: float32 tensors plus string metadata.
/// Floating-point scalars are written in round-trip ("R") form, so they come back bit-exactly.
/// </summary>
public sealed class OptimizerState
{
    public OptimizerState(string kind, IReadOnlyDictionary<string, float[]> tensors, IReadOnlyDictionary<string, string> scalars)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(scalars);
        Kind = kind;
        Tensors = tensors;
        Scalars = scalars;
    }

    /// <summary>Which optimizer wrote the state ("adam", "lbfgs").</summary>
    public string Kind { get; }

    public IReadOnlyDictionary<string, float[]> Tensors { get; }

    public IReadOnlyDictionary<string, string> Scalars { get; }

    /// <summary>Shortest text that parses back to exactly <paramref name="value"/> (signed zero included).</summary>
    public static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatInt(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal void RequireKind(string kind)
    {
        if (Kind != kind)
            throw new NstException($"Optimizer state is of kind '{Kind}', but this optimizer is '{kind}'.");
    }

    internal float[] Tensor(string name, int length)
    {
        if (!Tensors.TryGetValue(name, out var tensor))
            throw new NstException($"Optimizer state ({Kind}) lacks the tensor '{name}'.");
        if (tensor.Length != length)
            throw new NstException($"Optimizer state ({Kind}) tensor '{name}' has {tensor.Length} values; expected {length}.");
        return tensor;
    }

    internal double Double(string name)
    {
        if (!double.TryParse(Scalar(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new NstException($"Optimizer state ({Kind}) scalar '{name}' is not a number: '{Scalars[name]}'.");
        return value;
    }

    internal long Int(string name, long min, long max)
    {
        if (!long.TryParse(Scalar(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new NstException($"Optimizer state ({Kind}) scalar '{name}' must be an integer in [{min}, {max}]; got '{Scalars[name]}'.");
        return value;
    }

    private string Scalar(string name) =>
        Scalars.TryGetValue(name, out var text) ? text : throw new NstException($"Optimizer state ({Kind}) lacks the scalar '{name}'.");
}
