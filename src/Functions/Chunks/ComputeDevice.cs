using Microsoft.Extensions.Options;
using Nst.Engine;
using Nst.Engine.Devices;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chunks;

/// <summary>
/// Where this worker's chunks run (<c>Nst__Device</c>: cpu, cuda or auto), chosen once at start and said in the log.
/// An explicit <c>cuda</c> on a machine without a usable CUDA device stops the app at start with one clear line —
/// never a silent fallback. Every session of this worker shares the backend.
/// </summary>
public sealed class ComputeDevice : IDisposable
{
    public ComputeDevice(IOptions<NstSettings> settings, ILogger<ComputeDevice> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? notice;
        try
        {
            Backend = DeviceSelector.Resolve(settings.Value.Device, out notice);
        }
        catch (NstException e)
        {
            throw new SettingsException($"Nst__Device={settings.Value.Device}: {(e.InnerException ?? e).Message}", e);
        }

        logger.LogInformation("Chunks run on {Device}: {Description}", Backend.Name, notice ?? Backend.Description);
    }

    public IComputeBackend Backend { get; }

    public void Dispose() => Backend.Dispose();
}
