using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>Reads the storage elements a tensor covers and lays them out contiguously as float32.</summary>
internal static class TorchTensorAssembler
{
    /// <summary>The float32 decoder for a storage type; integer storages are not weights.</summary>
    public static ElementDecoder<float>? DecoderFor(SafetensorsDType dtype, string tensorName, string description) => dtype switch
    {
        SafetensorsDType.F32 => null,
        SafetensorsDType.F16 => ElementConversion.HalfToSingle,
        SafetensorsDType.BF16 => ElementConversion.BFloat16ToSingle,
        SafetensorsDType.F64 => ElementConversion.DoubleToSingle,
        _ => throw new NstException($"{description}: {tensorName} is stored as {dtype}, not as floating point weights."),
    };

    /// <summary>
    /// Reads the elements [tensor.First, tensor.First + tensor.Span) from a stream positioned at element 0 of the
    /// keyed storage, then gathers them by the tensor's strides.
    /// </summary>
    public static float[] Read(Stream storageStream, TorchTensorRef tensor, string name, string description)
    {
        var decode = DecoderFor(tensor.Storage.DType, name, description);
        int size = SafetensorsDTypes.ElementSize(tensor.Storage.DType);
        string what = $"{description} (tensor {name})";
        if (tensor.Span > Array.MaxLength)
        {
            throw new NstException($"{what} is too large to load.");
        }

        ChunkedStreamReader.Skip(storageStream, tensor.First * size, what);
        var window = new float[tensor.Span];
        ChunkedStreamReader.Read(storageStream, window.AsSpan(), size, decode, what);
        return Gather(window, tensor);
    }

    /// <summary>Lays out a tensor from the window of storage it covers; a contiguous tensor is the window itself.</summary>
    public static float[] Gather(float[] window, TorchTensorRef tensor)
    {
        long count = tensor.ElementCount;
        if (count == window.Length && IsContiguous(tensor))
        {
            return window;
        }

        var result = new float[count];
        var index = new long[tensor.Shape.Length];
        for (long i = 0; i < count; i++)
        {
            long source = 0;
            for (int d = 0; d < index.Length; d++)
            {
                source += index[d] * tensor.Stride[d];
            }

            result[i] = window[source];
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < tensor.Shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }

    private static bool IsContiguous(TorchTensorRef tensor)
    {
        long expected = 1;
        for (int d = tensor.Shape.Length - 1; d >= 0; d--)
        {
            if (tensor.Shape[d] != 1 && tensor.Stride[d] != expected)
            {
                return false;
            }

            expected *= tensor.Shape[d];
        }

        return true;
    }
}
