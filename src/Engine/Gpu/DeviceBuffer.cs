using ILGPU;
using ILGPU.Runtime;

namespace Nst.Engine.Gpu;

/// <summary>One device allocation, counted by <see cref="DeviceMemory"/> until disposed.</summary>
internal sealed class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly DeviceMemory _memory;
    private readonly long _bytes;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    internal DeviceBuffer(DeviceMemory memory, MemoryBuffer1D<T, Stride1D.Dense> buffer, long bytes)
    {
        _memory = memory;
        _buffer = buffer;
        _bytes = bytes;
        Length = buffer.Length;
    }

    public long Length { get; }

    public ArrayView<T> View
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            return _buffer.View.AsContiguous();
        }
    }

    /// <summary>The first <paramref name="length"/> elements.</summary>
    public ArrayView<T> Slice(long length) => View.SubView(0, length);

    public void Upload(ReadOnlySpan<T> values)
    {
        if (values.Length > Length) throw new ArgumentException($"{values.Length} values do not fit {Length}.", nameof(values));
        if (values.IsEmpty) return;
        View.SubView(0, values.Length).CopyFromCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values), values.Length);
    }

    public void Download(Span<T> values)
    {
        if (values.Length > Length) throw new ArgumentException($"{values.Length} values are more than {Length}.", nameof(values));
        if (values.IsEmpty) return;
        View.SubView(0, values.Length).CopyToCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values), values.Length);
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        _buffer.Dispose();
        _buffer = null;
        _memory.Release(_bytes);
    }
}
