using ILGPU;

namespace Nst.Engine.Gpu;

/// <summary>
/// A buffer that is allocated once and reused while what is asked of it fits: a network's maps stay allocated
/// across evaluations of one size and are reallocated only for a larger input.
/// </summary>
internal sealed class DeviceSlot<T>(DeviceMemory memory) : IDisposable
    where T : unmanaged
{
    private DeviceBuffer<T>? _buffer;

    /// <summary>A view of exactly <paramref name="length"/> elements.</summary>
    public ArrayView<T> Get(long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = null;
            _buffer = memory.Allocate<T>(length);
        }

        return _buffer.Slice(length);
    }

    public DeviceBuffer<T>? Buffer => _buffer;

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
