using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels;

/// <summary>
/// A ReLU's backward needs only where its output is positive: one bit per element (bit e mod 32 of word e / 32)
/// instead of the 32-bit output, so the network can drop activations that no loss reads.
/// </summary>
public static unsafe class ReluMask
{
    /// <summary>Words needed for <paramref name="length"/> elements.</summary>
    public static int Words(int length) => (length + 31) / 32;

    /// <summary>bits[e] = reluOutput[e] &gt; 0 (NaN and ±0 give 0, as <see cref="Activations.ReluBackward"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(ReadOnlySpan<float> reluOutput, Span<uint> bits)
    {
        int length = reluOutput.Length;
        if (bits.Length < Words(length)) throw new ArgumentException($"{length} elements need {Words(length)} mask words, got {bits.Length}.", nameof(bits));
        int i = 0;
        fixed (float* x = reluOutput)
        fixed (uint* b = bits)
        {
            byte* bytes = (byte*)b;
            switch (KernelIsa.Current)
            {
                case IsaLevel.Vector512:
                    for (; i <= length - 16; i += 16)
                    {
                        ((ushort*)bytes)[i >> 4] = (ushort)Vector512.GreaterThan(Vector512.Load(x + i), Vector512<float>.Zero).ExtractMostSignificantBits();
                    }

                    break;
                case IsaLevel.Vector256:
                    for (; i <= length - 8; i += 8)
                    {
                        bytes[i >> 3] = (byte)Vector256.GreaterThan(Vector256.Load(x + i), Vector256<float>.Zero).ExtractMostSignificantBits();
                    }

                    break;
                case IsaLevel.Vector128:
                    for (; i <= length - 8; i += 8)
                    {
                        uint lo = Vector128.GreaterThan(Vector128.Load(x + i), Vector128<float>.Zero).ExtractMostSignificantBits();
                        uint hi = Vector128.GreaterThan(Vector128.Load(x + i + 4), Vector128<float>.Zero).ExtractMostSignificantBits();
                        bytes[i >> 3] = (byte)(lo | hi << 4);
                    }

                    break;
            }

            // The vector loops stop on a byte boundary; the scalar tail finishes the word.
            for (int word = i >> 5; word < Words(length); word++)
            {
                uint v = (uint)(i & 31) == 0 ? 0u : b[word] & ((1u << (i & 31)) - 1);
                for (; i < length && i < (word + 1) * 32; i++)
                {
                    if (x[i] > 0) v |= 1u << (i & 31);
                }

                b[word] = v;
            }
        }
    }

    /// <summary>grad[e] = bits[e] ? grad[e] : 0, in place: the ReLU's backward from its packed mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<uint> bits, Span<float> grad)
    {
        int length = grad.Length;
        if (bits.Length < Words(length)) throw new ArgumentException($"{length} elements need {Words(length)} mask words, got {bits.Length}.", nameof(bits));
        int i = 0;
        fixed (float* g = grad)
        fixed (uint* b = bits)
        {
            byte* bytes = (byte*)b;
            switch (KernelIsa.Current)
            {
                case IsaLevel.Vector512:
                {
                    var lanes = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15);
                    for (; i <= length - 16; i += 16)
                    {
                        var keep = Vector512.Equals(Vector512.Create((int)((ushort*)bytes)[i >> 4]) & lanes, lanes).AsSingle();
                        Vector512.ConditionalSelect(keep, Vector512.Load(g + i), Vector512<float>.Zero).Store(g + i);
                    }

                    break;
                }

                case IsaLevel.Vector256:
                {
                    var lanes = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
                    for (; i <= length - 8; i += 8)
                    {
                        var keep = Vector256.Equals(Vector256.Create((int)bytes[i >> 3]) & lanes, lanes).AsSingle();
                        Vector256.ConditionalSelect(keep, Vector256.Load(g + i), Vector256<float>.Zero).Store(g + i);
                    }

                    break;
                }

                case IsaLevel.Vector128:
                {
                    var lanes = Vector128.Create(1, 2, 4, 8);
                    for (; i <= length - 4; i += 4)
                    {
                        var keep = Vector128.Equals(Vector128.Create((int)(bytes[i >> 3] >> (i & 4))) & lanes, lanes).AsSingle();
                        Vector128.ConditionalSelect(keep, Vector128.Load(g + i), Vector128<float>.Zero).Store(g + i);
                    }

                    break;
                }
            }

            for (; i < length; i++)
            {
                if ((b[i >> 5] & (1u << (i & 31))) == 0) g[i] = 0;
            }
        }
    }
}
