namespace Nst.Engine.Models;

/// <summary>Encodes elements as little-endian file bytes; <paramref name="destination"/> is exactly the encoded size.</summary>
internal delegate void ElementEncoder<T>(ReadOnlySpan<T> source, Span<byte> destination);
