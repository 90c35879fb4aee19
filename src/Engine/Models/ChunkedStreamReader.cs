using System.Buffers;
using System.Runtime.InteropServices;

namespace Nst.Engine.Models;

/// <summary>
/// Reads tensor data from a stream in bounded chunks, decoding straight into the destination array,
/// so a large tensor never sits in memory twice (file bytes and floats).
/// </summary>
internal static class ChunkedStreamReader
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Reads destination.Length elements of elementSize bytes. A null decoder means the file bytes are
    /// already T's little-endian representation (float32 as float, int64 as long).
    /// </summary>
    public static void Read<T>(Stream stream, Span<T> destination, int elementSize, ElementDecoder<T>? decode, string what)
        where T : struct
    {
        if (decode is null && BitConverter.IsLittleEndian)
        {
            Fill(stream, MemoryMarshal.AsBytes(destination), what);
            return;
        }

        int perChunk = Math.Max(1, ChunkBytes / elementSize);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(perChunk * elementSize);
        try
        {
            for (int start = 0; start < destination.Length; start += perChunk)
            {
                int n = Math.Min(perChunk, destination.Length - start);
                Span<byte> bytes = buffer.AsSpan(0, n * elementSize);
                Fill(stream, bytes, what);
                if (decode is null)
                {
                    bytes.CopyTo(MemoryMarshal.AsBytes(destination.Slice(start, n)));
                    ReverseEndianness(destination.Slice(start, n));
                }
                else
                {
                    decode(bytes, destination.Slice(start, n));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ReverseEndianness<T>(Span<T> values)
        where T : struct
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(values);
        int size = bytes.Length / Math.Max(1, values.Length);
        for (int i = 0; i < bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }

    public static void Fill(Stream stream, Span<byte> bytes, string what)
    {
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException)
        {
            throw new NstException($"{what} ends early: the file is truncated.");
        }
    }

    /// <summary>Skips bytes on any stream (seeks when it can).</summary>
    public static void Skip(Stream stream, long count, string what)
    {
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length)
            {
                throw new NstException($"{what} ends early: the file is truncated.");
            }

            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (count > 0)
            {
                int n = (int)Math.Min(buffer.Length, count);
                Fill(stream, buffer.AsSpan(0, n), what);
                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
