using ILGPU;
using Nst.Engine.Gpu;
using Nst.Engine.Tensors;

namespace Nst.Engine.Tests.Gpu;

/// <summary>Host tensors to and from a backend's device memory, for kernel tests.</summary>
internal sealed class DeviceTensors(GpuBackend backend) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public DeviceMap Upload(Tensor t)
    {
        var buffer = backend.Memory.Allocate<float>(t.Length);
        _owned.Add(buffer);
        buffer.Upload(t.Span);
        return new DeviceMap(buffer.View, t.C, t.H, t.W);
    }

    public ArrayView<float> Upload(float[] values)
    {
        var buffer = backend.Memory.Allocate<float>(values.Length);
        _owned.Add(buffer);
        buffer.Upload(values);
        return buffer.View;
    }

    public ArrayView<float> Floats(int length, float fill = float.NaN)
    {
        var values = new float[length];
        Array.Fill(values, fill);
        return Upload(values);
    }

    public ArrayView<double> Doubles(int length)
    {
        var buffer = backend.Memory.Allocate<double>(length);
        _owned.Add(buffer);
        return buffer.View;
    }

    public float[] Download(ArrayView<float> view)
    {
        backend.Kernels.Synchronize();
        var result = new float[view.Length];
        ILGPU.Runtime.ArrayViewExtensions.CopyToCPU(view, ref result[0], result.Length);
        return result;
    }

    public double[] Download(ArrayView<double> view)
    {
        backend.Kernels.Synchronize();
        var result = new double[view.Length];
        ILGPU.Runtime.ArrayViewExtensions.CopyToCPU(view, ref result[0], result.Length);
        return result;
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
