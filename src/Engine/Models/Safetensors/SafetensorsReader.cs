using System.Buffers.Binary;

namespace Nst.Engine.Models.Safetensors;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header, then the data.
/// The header is parsed and bounds-checked on open; tensors are read one at a time, on request,
/// straight from the stream into their arrays.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>The reference implementation's limit; a larger length is a corrupt or hostile file.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsReader(Stream stream, bool leaveOpen, string description)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Description = description;
        long origin = stream.Position;
        long available = stream.Length - origin;
        if (available < 8)
        {
            throw new NstException($"{description} is not a safetensors file: it is only {available} bytes long.");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        ChunkedStreamReader.Fill(stream, lengthBytes, description);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new NstException($"{description} declares a {headerLength}-byte safetensors header (limit {MaxHeaderLength}); the file is corrupt or not safetensors.");
        }

        if ((long)headerLength > available - 8)
        {
            throw new NstException($"{description} is truncated: its safetensors header needs {headerLength} bytes but only {available - 8} follow.");
        }

        byte[] header = new byte[headerLength];
        ChunkedStreamReader.Fill(stream, header, description);
        _dataStart = origin + 8 + (long)headerLength;
        var (metadata, entries) = SafetensorsHeader.Parse(header, available - 8 - (long)headerLength, description);
        Metadata = metadata;
        Entries = entries;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The file's path or a caller-given description, used in error messages.</summary>
    public string Description { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in data order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    public static SafetensorsReader Open(string path)
    {
        // Opening faults (missing file, permissions, I/O) propagate as they are: they are not the file's content.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);

        try
        {
            return new SafetensorsReader(stream, leaveOpen: false, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads from the stream's current position. A stream that cannot seek is buffered in memory first.</summary>
    public static SafetensorsReader Open(Stream stream, bool leaveOpen = false, string description = "safetensors stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return new SafetensorsReader(stream, leaveOpen, description);
        }

        var buffered = new MemoryStream();
        stream.CopyTo(buffered);
        if (!leaveOpen)
        {
            stream.Dispose();
        }

        buffered.Position = 0;
        return new SafetensorsReader(buffered, leaveOpen: false, description);
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public SafetensorsEntry GetEntry(string name) =>
        _byName.TryGetValue(name, out var entry)
            ? entry
            : throw new NstException($"{Description} has no tensor named '{name}'.");

    /// <summary>Reads a floating-point tensor (F32, F16, BF16 or F64) as float32.</summary>
    public float[] ReadSingles(string name)
    {
        var entry = GetEntry(name);
        ElementDecoder<float>? decode = entry.DType switch
        {
            SafetensorsDType.F32 => null,
            SafetensorsDType.F16 => ElementConversion.HalfToSingle,
            SafetensorsDType.BF16 => ElementConversion.BFloat16ToSingle,
            SafetensorsDType.F64 => ElementConversion.DoubleToSingle,
            _ => throw Unsupported(entry, "float32"),
        };
        return Read(entry, decode);
    }

    /// <summary>Reads an F64 tensor exactly (F32 is widened).</summary>
    public double[] ReadDoubles(string name)
    {
        var entry = GetEntry(name);
        if (entry.DType == SafetensorsDType.F32)
        {
            return Array.ConvertAll(ReadSingles(name), v => (double)v);
        }

        return entry.DType == SafetensorsDType.F64
            ? Read<double>(entry, decode: null)
            : throw Unsupported(entry, "float64");
    }

    public long[] ReadInt64(string name)
    {
        var entry = GetEntry(name);
        return entry.DType == SafetensorsDType.I64
            ? Read<long>(entry, decode: null)
            : throw Unsupported(entry, "int64");
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private T[] Read<T>(SafetensorsEntry entry, ElementDecoder<T>? decode)
        where T : struct
    {
        long count = entry.ElementCount;
        if (count > Array.MaxLength)
        {
            throw new NstException($"{Description}: tensor '{entry.Name}' has {count} elements, more than one array can hold.");
        }

        var values = new T[count];
        _stream.Position = _dataStart + entry.Begin;
        ChunkedStreamReader.Read(_stream, values.AsSpan(), SafetensorsDTypes.ElementSize(entry.DType), decode, $"{Description} (tensor '{entry.Name}')");
        return values;
    }

    private NstException Unsupported(SafetensorsEntry entry, string wanted) =>
        new($"{Description}: tensor '{entry.Name}' is {SafetensorsDTypes.HeaderName(entry.DType)}, which cannot be read as {wanted}.");
}
