using ILGPU;
using ILGPU.Runtime;

namespace Nst.Engine.Gpu;

/// <summary>
/// Allocates the backend's device buffers and keeps count: bytes held now and the most held at once, which
/// <c>nst bench</c> reports as the device memory of a run (the driver's own context is not included).
/// </summary>
internal sealed class DeviceMemory(Accelerator accelerator)
{
    private long _live;
    private long _peak;

    public long LiveBytes => Interlocked.Read(ref _live);

    public long PeakBytes => Interlocked.Read(ref _peak);

    public DeviceBuffer<T> Allocate<T>(long length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        long bytes = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        MemoryBuffer1D<T, Stride1D.Dense> buffer;
        try
        {
            buffer = accelerator.Allocate1D<T>(length);
        }
        catch (Exception e) when (e is OutOfMemoryException or ILGPU.Runtime.Cuda.CudaException or AcceleratorException)
        {
            throw new NstException($"The {accelerator.Name} is out of memory: {bytes / 1e6:F0} MB more were needed with {LiveBytes / 1e6:F0} MB in use; use a smaller --size.", e);
        }

        long live = Interlocked.Add(ref _live, bytes);
        long peak;
        while (live > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, live, peak) != peak)
        {
        }

        return new DeviceBuffer<T>(this, buffer, bytes);
    }

    internal void Release(long bytes) => Interlocked.Add(ref _live, -bytes);
}
