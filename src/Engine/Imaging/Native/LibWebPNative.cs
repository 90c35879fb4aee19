using System.Runtime.InteropServices;

namespace Nst.Engine.Imaging.Native;

/// <summary>libwebp 1.2 (libwebp.so.7): the simple decode and encode API.</summary>
internal static unsafe partial class LibWebPNative
{
    private const string Library = "libwebp.so.7";

    /// <summary>WEBP_DECODER_ABI_VERSION of libwebp 1.2; only its major byte is checked.</summary>
    private const int DecoderAbiVersion = 0x0209;

    [LibraryImport(Library)]
    private static partial int WebPGetFeaturesInternal(byte* data, nuint dataSize, WebPBitstreamFeatures* features, int version);

    /// <summary>WebPGetFeatures is an inline function in decode.h; this is its body.</summary>
    public static int WebPGetFeatures(byte* data, nuint dataSize, WebPBitstreamFeatures* features) =>
        WebPGetFeaturesInternal(data, dataSize, features, DecoderAbiVersion);

    [LibraryImport(Library)]
    public static partial byte* WebPDecodeRGBAInto(byte* data, nuint dataSize, byte* output, nuint outputSize, int outputStride);

    [LibraryImport(Library)]
    public static partial nuint WebPEncodeRGB(byte* rgb, int width, int height, int stride, float qualityFactor, out byte* output);

    [LibraryImport(Library)]
    public static partial nuint WebPEncodeRGBA(byte* rgba, int width, int height, int stride, float qualityFactor, out byte* output);

    [LibraryImport(Library)]
    public static partial nuint WebPEncodeLosslessRGB(byte* rgb, int width, int height, int stride, out byte* output);

    [LibraryImport(Library)]
    public static partial nuint WebPEncodeLosslessRGBA(byte* rgba, int width, int height, int stride, out byte* output);

    [LibraryImport(Library)]
    public static partial void WebPFree(void* ptr);
}

/// <summary>The C struct WebPBitstreamFeatures.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WebPBitstreamFeatures
{
    public int Width;
    public int Height;
    public int HasAlpha;
    public int HasAnimation;
    public int Format;
    public fixed uint Pad[5];
}
