using System.Runtime.InteropServices;

namespace Nst.Engine.Tensors;

/// <summary>
/// A float32 NCHW tensor over a 64-byte aligned native buffer that it owns.
/// Buffers are freed explicitly (Dispose) so that large activations never wait for the GC.
/// </summary>
public sealed unsafe class Tensor : IDisposable
{
    private readonly bool _view;
    private float* _data;

    public Tensor(int n, int c, int h, int w)
    {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"Tensor shape must be positive, got {n}x{c}x{h}x{w}.");
        }

        long length = (long)n * c * h * w;
        if (length > int.MaxValue)
        {
            throw new NstException($"Tensor {n}x{c}x{h}x{w} is too large ({length} elements).");
        }

        N = n; C = c; H = h; W = w;
        Length = (int)length;
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(Length * sizeof(float)), 64);
        Span.Clear();
    }

    /// <summary>A tensor over memory someone else owns (a slice of a reused buffer); Dispose does not free it.</summary>
    internal Tensor(float* data, int n, int c, int h, int w)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(w);
        N = n; C = c; H = h; W = w;
        Length = checked(n * c * h * w);
        _data = data;
        _view = true;
    }

    public int N { get; }
    public int C { get; }
    public int H { get; }
    public int W { get; }

    /// <summary>Number of elements, N·C·H·W.</summary>
    public int Length { get; }

    /// <summary>Elements per channel plane, H·W.</summary>
    public int Plane => H * W;

    public Span<float> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_data == null, this);
            return new Span<float>(_data, Length);
        }
    }

    /// <summary>Raw pointer for kernels; valid until Dispose.</summary>
    public float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_data == null, this);
            return _data;
        }
    }

    public static Tensor Like(Tensor other) => new(other.N, other.C, other.H, other.W);

    public static Tensor FromArray(float[] values, int n, int c, int h, int w)
    {
        var t = new Tensor(n, c, h, w);
        if (values.Length != t.Length)
        {
            t.Dispose();
            throw new ArgumentException($"Expected {t.Length} values for {n}x{c}x{h}x{w}, got {values.Length}.", nameof(values));
        }

        values.CopyTo(t.Span);
        return t;
    }

    public Tensor Clone()
    {
        var t = Like(this);
        Span.CopyTo(t.Span);
        return t;
    }

    public float[] ToArray() => Span.ToArray();

    public bool SameShape(Tensor other) => N == other.N && C == other.C && H == other.H && W == other.W;

    public override string ToString() => $"Tensor[{N}x{C}x{H}x{W}]";

    public void Dispose()
    {
        if (_data != null && !_view)
        {
            NativeMemory.AlignedFree(_data);
        }

        _data = null;
        GC.SuppressFinalize(this);
    }

    ~Tensor()
    {
        if (_data != null && !_view)
        {
            NativeMemory.AlignedFree(_data);
        }
    }
}
