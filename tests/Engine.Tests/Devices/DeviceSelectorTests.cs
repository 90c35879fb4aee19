using Nst.Engine.Devices;
using Nst.Engine.Gpu;
using Nst.Engine.Tests.Gpu;

namespace Nst.Engine.Tests.Devices;

/// <summary>Device names as --device and Nst__Device give them, on machines without a CUDA device (as this project's are).</summary>
[Collection(GpuCollection.Name)]
public class DeviceSelectorTests
{
    private static bool HasCuda()
    {
        try
        {
            GpuBackend.CreateCuda().Dispose();
            return true;
        }
        catch (NstException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Resolve_CpuOrNothing_IsTheCpuEngineWithoutNotice(string? name)
    {
        var backend = DeviceSelector.Resolve(name, out string? notice);
        Assert.Same(CpuBackend.Instance, backend);
        Assert.Null(notice);
    }

    [Fact]
    public void Resolve_CudaWithoutDevice_OneLineSayingWhyAndNoFallback()
    {
        if (HasCuda()) return;
        var e = Assert.Throws<NstException>(() => DeviceSelector.Resolve("cuda"));
        Assert.StartsWith("--device cuda: no CUDA device", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Resolve_AutoWithoutCuda_ChoosesTheCpuAndSaysWhy()
    {
        if (HasCuda()) return;
        var backend = DeviceSelector.Resolve("auto", out string? notice);
        Assert.Same(CpuBackend.Instance, backend);
        Assert.StartsWith("device auto: CPU", notice);
        Assert.Contains("no CUDA device", notice);
    }

    [Fact]
    public void Resolve_Unknown_NamesTheChoices()
    {
        var e = Assert.Throws<NstException>(() => DeviceSelector.Resolve("tpu"));
        Assert.Equal("Unknown device 'tpu'; use one of: cpu, cuda, auto.", e.Message);
    }

    [Fact]
    public void Resolve_IlgpuCpu_IsTheGpuBackendOnTheCpuAccelerator()
    {
        using var backend = DeviceSelector.Resolve("ilgpu-cpu");
        Assert.IsType<GpuBackend>(backend);
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.Equal(0, backend.PeakDeviceBytes);
    }
}
