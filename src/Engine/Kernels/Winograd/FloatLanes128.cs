using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>4 float lanes (the <see cref="IsaLevel.Vector128"/> path).</summary>
internal readonly unsafe struct FloatLanes128(Vector128<float> value) : IFloatLanes<FloatLanes128>
{
    private readonly Vector128<float> _value = value;

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes128 Load(float* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatLanes128 value, float* destination) => value._value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes128 operator +(FloatLanes128 left, FloatLanes128 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes128 operator -(FloatLanes128 left, FloatLanes128 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes128 operator *(FloatLanes128 left, FloatLanes128 right) => new(left._value * right._value);
}
