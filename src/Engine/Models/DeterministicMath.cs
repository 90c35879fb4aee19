namespace Nst.Engine.Models;

/// <summary>
/// Functions built only from IEEE-754 basic operations (+, −, ×, ÷, sqrt), which are correctly rounded
/// everywhere, so results are bit-identical on every machine — unlike Math.Log, whose last bit depends
/// on the platform's C library.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>1/1, 1/3, …, 1/23: s² ≤ 0.0295, so the next term is below 1e-19 of the sum.</summary>
    private static readonly double[] OddReciprocals = [.. Enumerable.Range(0, 12).Select(k => 1.0 / ((2 * k) + 1))];

    /// <summary>Natural log of a positive normal double: x = m·2^e with m in [√½, √2), then
    /// ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m−1)/(m+1), |s| ≤ 0.172 (12 terms reach 1e-19).</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || !double.IsNormal(x) || double.IsInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Log needs a positive, normal, finite value.");
        }

        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > Sqrt2)
        {
            m /= 2;
            e++;
        }

        double s = (m - 1) / (m + 1);
        double s2 = s * s;
        double series = 0;
        for (int i = OddReciprocals.Length - 1; i >= 0; i--)
        {
            series = OddReciprocals[i] + (s2 * series);
        }

        return (e * Ln2) + (2 * s * series);
    }
}
