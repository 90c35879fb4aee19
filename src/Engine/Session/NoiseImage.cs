namespace Nst.Engine.Session;

/// <summary>Seeded uniform noise in [0,1] from SplitMix64, identical on every machine and runtime.</summary>
internal static class NoiseImage
{
    public static void Fill(Span<float> x, int seed)
    {
        ulong state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        for (int i = 0; i < x.Length; i++)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            x[i] = (z >> 40) * (1f / (1 << 24));
        }
    }
}
