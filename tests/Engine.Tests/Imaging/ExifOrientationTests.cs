using Nst.Engine.Imaging;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ExifOrientationTests
{
    [Theory]
    [InlineData(true, 6)]
    [InlineData(false, 8)]
    [InlineData(true, 3)]
    public void Read_WellFormedTiff_ReturnsTheOrientation(bool littleEndian, int orientation)
    {
        Assert.Equal(orientation, ExifOrientation.Read(Tiff(littleEndian, orientation)));
    }

    [Fact]
    public void Read_OrientationOutOfRange_IsNormal()
    {
        Assert.Equal(1, ExifOrientation.Read(Tiff(true, 9)));
        Assert.Equal(1, ExifOrientation.Read(Tiff(true, 0)));
    }

    [Fact]
    public void Read_EveryTruncation_NeverThrowsAndReadsOnlyWholeEntries()
    {
        var tiff = Tiff(true, 6);
        const int entryEnd = 8 + 2 + 12; // header, entry count, the one entry
        for (int length = 0; length <= tiff.Length; length++)
        {
            Assert.Equal(length < entryEnd ? 1 : 6, ExifOrientation.Read(tiff.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Read_HostileOffsetsAndCounts_AreNormal()
    {
        var offset = Tiff(true, 6);
        offset[4] = 0xFF; offset[5] = 0xFF; offset[6] = 0xFF; offset[7] = 0x7F; // IFD far past the end
        Assert.Equal(1, ExifOrientation.Read(offset));

        var count = Tiff(true, 6);
        count[8] = 0xFF; count[9] = 0xFF; // 65535 entries claimed, one present
        count[10] = 0x01; // first tag is no longer Orientation
        Assert.Equal(1, ExifOrientation.Read(count));
    }

    [Fact]
    public void ScanJpegMarkers_ExifSegmentAndAdobeSegment_AreFound()
    {
        var tiff = Tiff(false, 5);
        var app1 = new List<byte> { 0xFF, 0xE1, 0, (byte)(2 + 6 + tiff.Length) };
        app1.AddRange("Exif\0\0"u8.ToArray());
        app1.AddRange(tiff);
        byte[] app14 = [0xFF, 0xEE, 0, 14, .. "Adobe"u8, 0, 100, 0, 0, 0, 0, 2];
        byte[] jpeg = [0xFF, 0xD8, .. app1, .. app14, 0xFF, 0xDA, 0, 2];

        var markers = JpegMarkers.Scan(jpeg);

        Assert.Equal(new JpegMarkers(5, Adobe: true), markers);
    }

    [Fact]
    public void ScanJpegMarkers_SegmentLengthPastTheEnd_StopsQuietly()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, (byte)'E', (byte)'x'];

        Assert.Equal(new JpegMarkers(1, Adobe: false), JpegMarkers.Scan(jpeg));
    }

    /// <summary>A minimal TIFF block: header, an IFD with one Orientation entry.</summary>
    private static byte[] Tiff(bool littleEndian, int orientation)
    {
        byte[] le = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        byte[] be = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        return littleEndian ? le : be;
    }
}
