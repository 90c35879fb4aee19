namespace Nst.Engine.Optim;

/// <summary>
/// The L-BFGS memory: curvature pairs (y = old_dirs, s = old_stps) and ρ = 1/(y·s), oldest first, in a ring
/// buffer so dropping the oldest pair costs nothing. Vectors are allocated once per slot, while the history grows, and then recycled.
/// </summary>
internal sealed class LbfgsHistory
{
    private readonly int _size;
    private readonly float[]?[] _y;
    private readonly float[]?[] _s;
    private readonly float[] _rho;
    private int _head; // slot of the oldest pair

    public LbfgsHistory(int capacity, int size)
    {
        _size = size;
        _y = new float[capacity][];
        _s = new float[capacity][];
        _rho = new float[capacity];
    }

    public int Capacity => _rho.Length;

    public int Count { get; private set; }

    /// <summary>y of the i-th oldest pair.</summary>
    public float[] Y(int i) => _y[Slot(i)]!;

    /// <summary>s of the i-th oldest pair.</summary>
    public float[] S(int i) => _s[Slot(i)]!;

    public float Rho(int i) => _rho[Slot(i)];

    public void Clear()
    {
        Count = 0;
        _head = 0;
    }

    /// <summary>
    /// Appends a pair as the newest, dropping the oldest when full. The caller's filled buffers move into
    /// the history and the caller gets back the freed (or, while the history grows, new) buffers as scratch.
    /// </summary>
    public void Push(float rho, ref float[] y, ref float[] s)
    {
        int slot;
        if (Count == Capacity)
        {
            slot = _head;
            _head = (_head + 1) % Capacity;
        }
        else
        {
            slot = (_head + Count) % Capacity;
            Count++;
        }
        _rho[slot] = rho;
        (_y[slot], y) = (y, _y[slot] ?? new float[_size]);
        (_s[slot], s) = (s, _s[slot] ?? new float[_size]);
    }

    private int Slot(int i) => (_head + i) % Capacity;
}
