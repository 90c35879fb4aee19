namespace Nst.Engine.Optim;

/// <summary>
/// A scalar as PyTorch's L-BFGS code holds it: either a Python float (double) or a 0-dim float32 tensor.
/// Mixing the two follows torch's type promotion: if either side is a tensor, the double is rounded to
/// float32 and the operation (comparisons too) is done in float32; otherwise it is done in double.
/// This lets <see cref="StrongWolfe"/> be a line-by-line port with the same rounding.
/// </summary>
internal readonly struct TorchScalar
{
    private TorchScalar(double value, bool isTensor)
    {
        Value = value;
        IsTensor = isTensor;
    }

    public double Value { get; }

    /// <summary>True for a float32 tensor value, false for a Python float.</summary>
    public bool IsTensor { get; }

    public float AsFloat => (float)Value;

    public static TorchScalar Py(double value) => new(value, false);

    public static TorchScalar Tensor(float value) => new(value, true);

    public static implicit operator TorchScalar(double value) => Py(value);

    public static TorchScalar operator +(TorchScalar a, TorchScalar b) => Either(a, b) ? Tensor(a.AsFloat + b.AsFloat) : Py(a.Value + b.Value);

    public static TorchScalar operator -(TorchScalar a, TorchScalar b) => Either(a, b) ? Tensor(a.AsFloat - b.AsFloat) : Py(a.Value - b.Value);

    public static TorchScalar operator *(TorchScalar a, TorchScalar b) => Either(a, b) ? Tensor(a.AsFloat * b.AsFloat) : Py(a.Value * b.Value);

    public static TorchScalar operator /(TorchScalar a, TorchScalar b) => Either(a, b) ? Tensor(a.AsFloat / b.AsFloat) : Py(a.Value / b.Value);

    public static TorchScalar operator -(TorchScalar a) => new(-a.Value, a.IsTensor);

    public static bool operator <(TorchScalar a, TorchScalar b) => Either(a, b) ? a.AsFloat < b.AsFloat : a.Value < b.Value;

    public static bool operator >(TorchScalar a, TorchScalar b) => Either(a, b) ? a.AsFloat > b.AsFloat : a.Value > b.Value;

    public static bool operator <=(TorchScalar a, TorchScalar b) => Either(a, b) ? a.AsFloat <= b.AsFloat : a.Value <= b.Value;

    public static bool operator >=(TorchScalar a, TorchScalar b) => Either(a, b) ? a.AsFloat >= b.AsFloat : a.Value >= b.Value;

    /// <summary>Python's abs().</summary>
    public static TorchScalar Abs(TorchScalar a) => new(Math.Abs(a.Value), a.IsTensor);

    /// <summary><c>tensor.sqrt()</c> in float32, or math.sqrt for a Python float.</summary>
    public static TorchScalar Sqrt(TorchScalar a) => a.IsTensor ? Tensor(MathF.Sqrt(a.AsFloat)) : Py(Math.Sqrt(a.Value));

    /// <summary>Python's min(a, b): b only if b &lt; a.</summary>
    public static TorchScalar Min(TorchScalar a, TorchScalar b) => b < a ? b : a;

    /// <summary>Python's max(a, b): b only if b &gt; a.</summary>
    public static TorchScalar Max(TorchScalar a, TorchScalar b) => b > a ? b : a;

    public override string ToString() => IsTensor ? $"tensor({Value:R})" : Value.ToString("R");

    private static bool Either(TorchScalar a, TorchScalar b) => a.IsTensor || b.IsTensor;
}
