namespace Nst.Engine.Models.Torch;

/// <summary>A tensor as _rebuild_tensor_v2 describes it: a window of a storage by offset, shape and strides (in elements).</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, long[] Shape, long[] Stride)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>Storage elements [First, First + Span) hold every element of the tensor (relative to the keyed storage).</summary>
    public long First => Storage.ViewOffset + Offset;

    public long Span
    {
        get
        {
            if (ElementCount == 0)
            {
                return 0;
            }

            long last = 0;
            for (int i = 0; i < Shape.Length; i++)
            {
                last += (Shape[i] - 1) * Stride[i];
            }

            return last + 1;
        }
    }
}
