using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Nst.Engine.Models;

/// <summary>
/// Little-endian element decoding and encoding shared by the model-file readers and writers.
/// Files are little-endian; on a big-endian host the byte order is swapped here.
/// </summary>
internal static class ElementConversion
{
    public static void HalfToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
        }
    }

    /// <summary>bfloat16 is the top half of a float32, so widening is a shift.</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
        }
    }

    public static void DoubleToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
        }
    }

    public static void SingleFromBytes(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source[..(destination.Length * 4)].CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
        }
    }

    public static void DoubleFromBytes(ReadOnlySpan<byte> source, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
        }
    }

    public static void Int64FromBytes(ReadOnlySpan<byte> source, Span<long> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
        }
    }

    public static void SingleToBytes(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], source[i]);
        }
    }

    /// <summary>Round to nearest even, as PyTorch's .half() does.</summary>
    public static void SingleToHalf(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..], BitConverter.HalfToUInt16Bits((Half)source[i]));
        }
    }

    /// <summary>Round to nearest even on the dropped 16 bits; NaN stays NaN.</summary>
    public static void SingleToBFloat16(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(source[i]);
            ushort top = float.IsNaN(source[i])
                ? (ushort)((bits >> 16) | 0x40)
                : (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..], top);
        }
    }

    public static void DoubleToBytes(ReadOnlySpan<double> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], source[i]);
        }
    }

    public static void Int64ToBytes(ReadOnlySpan<long> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[(8 * i)..], source[i]);
        }
    }
}
