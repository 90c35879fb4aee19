namespace Nst.Engine.Models;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018), seeded through SplitMix64 as its authors recommend, with
/// normal deviates from Marsaglia's polar form of Box–Muller. Only integer and basic floating-point
/// operations are used (see <see cref="DeterministicMath"/>), so a seed gives the same numbers on every machine.
/// </summary>
internal sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public Xoshiro256StarStar(ulong seed)
        : this(seed, 0)
    {
    }

    /// <summary>Independent stream <paramref name="stream"/> of <paramref name="seed"/>: SplitMix64 starts at seed ⊕ mix(stream).</summary>
    public Xoshiro256StarStar(ulong seed, ulong stream)
    {
        ulong mixed = stream;
        seed ^= stream == 0 ? 0 : SplitMix64(ref mixed);
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) on a 2^-53 grid.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal: draw (u, v) uniform in the unit disc, s = u² + v², scale by √(−2 ln s / s).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        double factor = Math.Sqrt(-2 * DeterministicMath.Log(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
