using System.Runtime.CompilerServices;

namespace Nst.Engine.Kernels.Winograd;

/// <summary>One float: the <see cref="IsaLevel.Scalar"/> path and the tails of the vector paths.</summary>
internal readonly unsafe struct FloatLane(float value) : IFloatLanes<FloatLane>
{
    private readonly float _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLane Load(float* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLane Broadcast(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatLane value, float* destination) => *destination = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLane operator +(FloatLane left, FloatLane right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLane operator -(FloatLane left, FloatLane right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLane operator *(FloatLane left, FloatLane right) => new(left._value * right._value);
}
