using System.CommandLine;
using Nst.Engine.Devices;

namespace Nst.Cli;

/// <summary><c>--device cpu|cuda|auto</c>, shared by the commands that run the engine; the choice itself is the engine's <see cref="DeviceSelector"/>.</summary>
internal static class DeviceOption
{
    public static Option<string> Create() => new("--device")
    {
        Description = "cpu|cuda|auto: where the objective runs (auto: CUDA when a device is usable, else the CPU).",
        DefaultValueFactory = _ => DeviceSelector.Cpu,
    };

    /// <summary>The backend; says on stderr which device anything but the default cpu chose.</summary>
    public static IComputeBackend Resolve(string? device)
    {
        var backend = DeviceSelector.Resolve(device, out string? notice);
        if (notice is not null) Console.Error.WriteLine($"nst: {notice}");
        else if (backend.Name != DeviceSelector.Cpu) Console.Error.WriteLine($"nst: device {backend.Name}: {backend.Description}");
        return backend;
    }
}
