using Nst.Engine.Imaging.Native;

namespace Nst.Engine.Imaging;

/// <summary>JPEG through libjpeg-turbo's tj* API: header first, limits, then pixels; EXIF orientation applied.</summary>
internal static unsafe class JpegCodec
{
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, ImageLimits limits)
    {
        nint handle = TurboJpegNative.tjInitDecompress();
        if (handle == 0)
        {
            throw new NstFaultException("Could not initialise libjpeg-turbo's decoder.");
        }

        try
        {
            fixed (byte* src = bytes)
            {
                if (TurboJpegNative.tjDecompressHeader3(handle, src, (nuint)bytes.Length, out int width, out int height, out _, out int colorspace) != 0)
                {
                    ThrowUnlessHarmlessWarning(handle);
                }

                limits.CheckDimensions(width, height, ImageFormat.Jpeg);
                bool cmyk = colorspace is TurboJpegNative.ColorspaceCmyk or TurboJpegNative.ColorspaceYcck;
                (int pixelFormat, int channels) = cmyk ? (TurboJpegNative.PixelFormatCmyk, 4) : (TurboJpegNative.PixelFormatRgb, 3);
                var buffer = GC.AllocateUninitializedArray<byte>(checked(width * height * channels));
                fixed (byte* dst = buffer)
                {
                    if (TurboJpegNative.tjDecompress2(handle, src, (nuint)bytes.Length, dst, width, 0, height, pixelFormat, 0) != 0)
                    {
                        ThrowUnlessHarmlessWarning(handle);
                    }
                }

                var markers = JpegMarkers.Scan(bytes);
                var image = cmyk
                    ? PixelConversion.FromCmyk(buffer, width, height, markers.Adobe, ImageFormat.Jpeg)
                    : PixelConversion.FromInterleaved(buffer, width, height, channels, false, ImageFormat.Jpeg);
                return ImageOrientation.Apply(image, markers.Orientation);
            }
        }
        finally
        {
            _ = TurboJpegNative.tjDestroy(handle);
        }
    }

    /// <summary>RGB JPEG (alpha dropped). 4:4:4 chroma at quality 90 and above, 4:2:0 below.</summary>
    public static byte[] Encode(RgbImage image, int quality)
    {
        var rgb = PixelConversion.ToInterleaved(image, withAlpha: false);
        nint handle = TurboJpegNative.tjInitCompress();
        if (handle == 0)
        {
            throw new NstFaultException("Could not initialise libjpeg-turbo's encoder.");
        }

        byte* jpeg = null;
        try
        {
            nuint size = 0;
            int subsampling = quality >= 90 ? TurboJpegNative.Subsampling444 : TurboJpegNative.Subsampling420;
            fixed (byte* src = rgb)
            {
                if (TurboJpegNative.tjCompress2(handle, src, image.Width, 0, image.Height, TurboJpegNative.PixelFormatRgb,
                        ref jpeg, ref size, subsampling, quality, TurboJpegNative.FlagAccurateDct) != 0)
                {
                    throw new NstFaultException($"JPEG encoding failed: {TurboJpegNative.ErrorMessage(handle)}");
                }
            }

            return new ReadOnlySpan<byte>(jpeg, checked((int)size)).ToArray();
        }
        finally
        {
            if (jpeg != null)
            {
                TurboJpegNative.tjFree(jpeg);
            }

            _ = TurboJpegNative.tjDestroy(handle);
        }
    }

    /// <summary>
    /// A -1 from tjDecompressHeader3 or tjDecompress2 is either fatal or a libjpeg warning; a truncated file is only a
    /// warning ("Premature end of JPEG file") with grey filler rows, so warnings count as corrupt too.
    /// The one exception: stray bytes between segments, where every pixel was still decoded.
    /// </summary>
    private static void ThrowUnlessHarmlessWarning(nint handle)
    {
        string message = TurboJpegNative.ErrorMessage(handle);
        bool warning = TurboJpegNative.tjGetErrorCode(handle) == TurboJpegNative.ErrorWarning;
        if (warning && message.Contains("extraneous bytes before marker", StringComparison.Ordinal))
        {
            return;
        }

        throw Corrupt(message);
    }

    private static NstException Corrupt(string detail) => new($"Corrupt or truncated JPEG image: {detail.TrimEnd('.')}.");
}
