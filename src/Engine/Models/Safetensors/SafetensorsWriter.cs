using System.Buffers;
using System.Text.Json;

namespace Nst.Engine.Models.Safetensors;

/// <summary>
/// Collects named tensors and writes them as one safetensors file. As the reference writer does,
/// tensors are laid out by element size (largest first, so every tensor stays aligned) then by name,
/// <c>__metadata__</c> comes first in the header, and the header is padded with spaces to 8 bytes.
/// The arrays are referenced, not copied, until the file is written.
/// </summary>
public sealed class SafetensorsWriter
{
    private const int ChunkElements = 1 << 16;
    private readonly Dictionary<string, PendingTensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata stored in the header's <c>__metadata__</c>.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Adds float data stored as F32 (bit-exact), F16 or BF16 (rounded to nearest even).</summary>
    public void Add(string name, float[] data, IReadOnlyList<long> shape, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        ArgumentNullException.ThrowIfNull(data);
        ElementEncoder<float> encode = dtype switch
        {
            SafetensorsDType.F32 => ElementConversion.SingleToBytes,
            SafetensorsDType.F16 => ElementConversion.SingleToHalf,
            SafetensorsDType.BF16 => ElementConversion.SingleToBFloat16,
            _ => throw new ArgumentException($"float data can be stored as F32, F16 or BF16, not {dtype}.", nameof(dtype)),
        };
        AddPending(name, dtype, shape, data.Length, (stream, buffer) => WriteChunked(stream, data, SafetensorsDTypes.ElementSize(dtype), buffer, encode));
    }

    public void Add(string name, double[] data, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        AddPending(name, SafetensorsDType.F64, shape, data.Length, (stream, buffer) => WriteChunked(stream, data, 8, buffer, ElementConversion.DoubleToBytes));
    }

    public void Add(string name, long[] data, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        AddPending(name, SafetensorsDType.I64, shape, data.Length, (stream, buffer) => WriteChunked(stream, data, 8, buffer, ElementConversion.Int64ToBytes));
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteTo(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            // An I/O fault is the machine's, not the user's: it propagates as it is, after the temp file goes.
            File.Delete(temp);
            throw;
        }
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ordered = _tensors.Values
            .OrderByDescending(t => SafetensorsDTypes.ElementSize(t.DType))
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        byte[] header = BuildHeader(ordered);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkElements * 8);
        try
        {
            foreach (var tensor in ordered)
            {
                tensor.Write(stream, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void AddPending(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, long length, Action<Stream, byte[]> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == SafetensorsHeader.MetadataKey)
        {
            throw new ArgumentException($"'{name}' is reserved for metadata.", nameof(name));
        }

        long count = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count != length)
        {
            throw new ArgumentException($"Tensor '{name}' has {length} values but shape [{string.Join(", ", shape)}] needs {count}.", nameof(shape));
        }

        if (!_tensors.TryAdd(name, new PendingTensor(name, dtype, shape.ToArray(), length * SafetensorsDTypes.ElementSize(dtype), write)))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }
    }

    private byte[] BuildHeader(List<PendingTensor> ordered)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (Metadata.Count > 0)
            {
                writer.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var item in Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(item.Key, item.Value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in ordered)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", SafetensorsDTypes.HeaderName(tensor.DType));
                writer.WriteStartArray("shape");
                foreach (long d in tensor.Shape)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + tensor.ByteLength);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += tensor.ByteLength;
            }

            writer.WriteEndObject();
        }

        int padded = (int)((json.Length + 7) / 8 * 8);
        byte[] header = new byte[padded];
        json.ToArray().CopyTo(header, 0);
        header.AsSpan((int)json.Length).Fill((byte)' ');
        return header;
    }

    private static void WriteChunked<T>(Stream stream, T[] data, int elementSize, byte[] buffer, ElementEncoder<T> encode)
    {
        for (int start = 0; start < data.Length; start += ChunkElements)
        {
            int n = Math.Min(ChunkElements, data.Length - start);
            encode(data.AsSpan(start, n), buffer.AsSpan(0, n * elementSize));
            stream.Write(buffer, 0, n * elementSize);
        }
    }

    private sealed record PendingTensor(string Name, SafetensorsDType DType, long[] Shape, long ByteLength, Action<Stream, byte[]> Write);
}
