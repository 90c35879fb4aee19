using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>8 float lanes (the <see cref="IsaLevel.Vector256"/> path).</summary>
internal readonly unsafe struct FloatLanes256(Vector256<float> value) : IFloatLanes<FloatLanes256>
{
    private readonly Vector256<float> _value = value;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Load(float* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatLanes256 value, float* destination) => value._value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator +(FloatLanes256 left, FloatLanes256 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator -(FloatLanes256 left, FloatLanes256 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator *(FloatLanes256 left, FloatLanes256 right) => new(left._value * right._value);
}
