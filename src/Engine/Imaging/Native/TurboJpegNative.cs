using System.Runtime.InteropServices;

namespace Nst.Engine.Imaging.Native;

/// <summary>The tj* API of libjpeg-turbo 2.1 (libturbojpeg.so.0); the tj3* API is not available there.</summary>
internal static unsafe partial class TurboJpegNative
{
    private const string Library = "libturbojpeg.so.0";

    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int PixelFormatCmyk = 11;

    public const int ColorspaceCmyk = 3;
    public const int ColorspaceYcck = 4;

    public const int Subsampling444 = 0;
    public const int Subsampling420 = 2;

    public const int FlagAccurateDct = 4096;
    public const int FlagNoRealloc = 1024;

    /// <summary>tjGetErrorCode: the last call only warned (data may be partial).</summary>
    public const int ErrorWarning = 0;

    [LibraryImport(Library)]
    public static partial nint tjInitDecompress();

    [LibraryImport(Library)]
    public static partial nint tjInitCompress();

    [LibraryImport(Library)]
    public static partial int tjDestroy(nint handle);

    [LibraryImport(Library)]
    public static partial int tjDecompressHeader3(
        nint handle, byte* jpegBuf, nuint jpegSize, out int width, out int height, out int subsamp, out int colorspace);

    [LibraryImport(Library)]
    public static partial int tjDecompress2(
        nint handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library)]
    public static partial int tjCompress2(
        nint handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        ref byte* jpegBuf, ref nuint jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(Library)]
    public static partial nuint tjBufSize(int width, int height, int jpegSubsamp);

    [LibraryImport(Library)]
    public static partial void tjFree(byte* buffer);

    [LibraryImport(Library)]
    public static partial byte* tjGetErrorStr2(nint handle);

    [LibraryImport(Library)]
    public static partial int tjGetErrorCode(nint handle);

    public static string ErrorMessage(nint handle) => Marshal.PtrToStringUTF8((nint)tjGetErrorStr2(handle)) ?? "unknown error";
}
