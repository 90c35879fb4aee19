namespace Nst.Engine.Kernels.Winograd;

/// <summary>
/// A row of float lanes (one vector width, or a single float) for kernels written once and instantiated per
/// instruction set: the JIT specialises a generic method for each struct, so the operators compile to plain
/// vector instructions. Every lane does the same arithmetic in the same order, so all widths agree bit for bit.
/// </summary>
internal unsafe interface IFloatLanes<TSelf>
    where TSelf : struct, IFloatLanes<TSelf>
{
    static abstract int Count { get; }

    static abstract TSelf Load(float* source);

    static abstract TSelf Broadcast(float value);

    static abstract void Store(TSelf value, float* destination);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);
}
