namespace Nst.Engine.Models;

/// <summary>Decodes little-endian file bytes into elements; <paramref name="source"/> holds exactly destination's elements.</summary>
internal delegate void ElementDecoder<T>(ReadOnlySpan<byte> source, Span<T> destination);
