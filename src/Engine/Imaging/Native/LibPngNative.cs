using System.Runtime.InteropServices;

namespace Nst.Engine.Imaging.Native;

/// <summary>libpng 1.6's simplified API (libpng16.so.16).</summary>
internal static unsafe partial class LibPngNative
{
    private const string Library = "libpng16.so.16";

    public const uint Version = 1;

    public const uint FormatFlagAlpha = 0x01;
    public const uint FormatFlagColor = 0x02;
    public const uint FormatFlagLinear = 0x04;
    public const uint FormatRgb = FormatFlagColor;
    public const uint FormatRgba = FormatFlagColor | FormatFlagAlpha;

    /// <summary>Read 16-bit files without gAMA/sRGB as sRGB-encoded instead of linear light.</summary>
    public const uint ImageFlag16BitSrgb = 0x04;

    [LibraryImport(Library)]
    public static partial int png_image_begin_read_from_memory(PngImage* image, byte* memory, nuint size);

    [LibraryImport(Library)]
    public static partial int png_image_finish_read(PngImage* image, void* background, byte* buffer, int rowStride, void* colormap);

    [LibraryImport(Library)]
    public static partial void png_image_free(PngImage* image);

    [LibraryImport(Library)]
    public static partial int png_image_write_to_memory(
        PngImage* image, byte* memory, ref nuint memoryBytes, int convertTo8Bit, byte* buffer, int rowStride, void* colormap);

    public static string Message(PngImage* image) =>
        Marshal.PtrToStringUTF8((nint)image->Message) ?? "unknown error";
}

/// <summary>The C struct png_image: 104 bytes on x64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PngImage
{
    public nint Opaque;
    public uint Version;
    public uint Width;
    public uint Height;
    public uint Format;
    public uint Flags;
    public uint ColormapEntries;
    public uint WarningOrError;
    public fixed byte Message[64];
}
