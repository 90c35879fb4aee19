namespace Nst.Engine.Tensors;

/// <summary>
/// Two reusable buffers that a backward pass alternates between, each sized once for the largest tensor it
/// must hold, with tensor views cached per slot: after the first pass at a size, nothing is allocated.
/// </summary>
internal sealed unsafe class PingPongTensors : IDisposable
{
    private readonly AlignedBuffer?[] _buffers = new AlignedBuffer?[2];
    private readonly Dictionary<(int Side, int Slot), Tensor> _views = [];

    /// <summary>Grows both buffers to hold <paramref name="length"/> floats now, so a pass never grows them midway.</summary>
    public void Reserve(long length)
    {
        for (int side = 0; side < 2; side++)
        {
            if (_buffers[side] is { } b && b.Length >= length) continue;
            foreach (var key in _views.Keys.Where(k => k.Side == side).ToArray()) _views.Remove(key);
            _buffers[side]?.Dispose();
            _buffers[side] = new AlignedBuffer(length);
        }
    }

    /// <summary>A tensor of the given shape over buffer <paramref name="side"/> (0 or 1), cached under <paramref name="slot"/>.</summary>
    public Tensor Get(int side, int slot, int n, int c, int h, int w)
    {
        if (_views.TryGetValue((side, slot), out var view) && view.N == n && view.C == c && view.H == h && view.W == w)
        {
            return view;
        }

        long length = (long)n * c * h * w;
        if (_buffers[side] is not { } buffer || buffer.Length < length)
        {
            throw new InvalidOperationException($"Reserve {length} floats before asking for {n}x{c}x{h}x{w}.");
        }

        view = new Tensor(buffer.Pointer, n, c, h, w);
        _views[(side, slot)] = view;
        return view;
    }

    /// <summary>Which side a tensor from <see cref="Get"/> lives on, or −1 if it is not one of ours.</summary>
    public int SideOf(Tensor t)
    {
        for (int side = 0; side < 2; side++)
        {
            if (_buffers[side] is { } b && t.Pointer == b.Pointer) return side;
        }

        return -1;
    }

    public void Dispose()
    {
        _views.Clear();
        foreach (var b in _buffers) b?.Dispose();
        _buffers[0] = _buffers[1] = null;
    }
}
