using System.Runtime.InteropServices;

namespace Nst.Engine.Gpu;

/// <summary>
/// ILGPU binds the CUDA driver API as "cuda", which .NET looks for as libcuda.so. A host with only the driver
/// (no toolkit or -dev package) — such as a container given the driver by the NVIDIA container runtime — may
/// have only the soname libcuda.so.1; then "cuda" is pointed at it.
/// </summary>
internal static class CudaDriverLibrary
{
    private const string IlgpuName = "cuda";
    private const string Soname = "libcuda.so.1";
    private static readonly Lock s_lock = new();
    private static bool s_done;

    public static void EnsureResolvable()
    {
        lock (s_lock)
        {
            if (s_done) return;
            s_done = true;
            if (!OperatingSystem.IsLinux()) return;
            if (NativeLibrary.TryLoad("libcuda.so", out var plain))
            {
                NativeLibrary.Free(plain);
                return;
            }

            if (!NativeLibrary.TryLoad(Soname, out var handle)) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, (name, _, _) => name == IlgpuName ? handle : IntPtr.Zero);
            }
            catch (InvalidOperationException)
            {
                // ILGPU set its own (it does on WSL, where its resolver finds the library).
            }
        }
    }
}
