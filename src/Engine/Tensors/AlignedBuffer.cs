using System.Runtime.InteropServices;

namespace Nst.Engine.Tensors;

/// <summary>
/// A fixed-length, 64-byte aligned, zero-initialised native float buffer: packed weights and kernel scratch.
/// Freed by Dispose or, for buffers that live as long as their owner (weight caches, per-thread scratch), by the finalizer.
/// </summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    private float* _data;

    public AlignedBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(float)), 64);
        NativeMemory.Clear(_data, (nuint)(length * sizeof(float)));
    }

    public long Length { get; }

    /// <summary>
    /// The pointer of <paramref name="buffer"/>, first replaced by a new buffer of <paramref name="length"/> floats if it
    /// is missing or shorter: scratch that grows to the largest size asked for and is then reused.
    /// </summary>
    public static float* Ensure(ref AlignedBuffer? buffer, long length)
    {
        if (buffer == null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = null; // a failed allocation must not leave a disposed buffer behind
            buffer = new AlignedBuffer(length);
        }

        return buffer.Pointer;
    }

    /// <summary>Raw pointer; valid while this buffer is reachable and not disposed.</summary>
    public float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_data == null, this);
            return _data;
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~AlignedBuffer() => Free();

    private void Free()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}
