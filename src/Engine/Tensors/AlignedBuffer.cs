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
