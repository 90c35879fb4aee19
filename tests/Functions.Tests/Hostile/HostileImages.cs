using System.Buffers.Binary;
using System.Text;

namespace Nst.Functions.Tests.Hostile;

/// <summary>Files that claim to be images.</summary>
public static class HostileImages
{
    /// <summary>A PNG whose header says <paramref name="width"/> x <paramref name="height"/> and whose data is nothing: a decompression bomb's shape.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]); // an empty zlib stream
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary><paramref name="bytes"/> bytes that start like a PNG and go on as noise.</summary>
    public static byte[] Oversized(int bytes)
    {
        var data = new byte[bytes];
        new Random(14).NextBytes(data);
        byte[] start = PngBomb(64, 64);
        start.AsSpan(0, 33).CopyTo(data);
        return data;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
