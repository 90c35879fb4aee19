namespace Nst.Engine.Optim;

/// <summary>torch.optim.lbfgs._cubic_interpolate (from Torch7's polyinterp.lua), with torch's scalar types.</summary>
internal static class CubicInterpolation
{
    /// <summary>
    /// Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds (by default the
    /// interval between x1 and x2); their midpoint when the cubic has no real minimiser.
    /// </summary>
    public static TorchScalar Minimize(
        TorchScalar x1, TorchScalar f1, TorchScalar g1,
        TorchScalar x2, TorchScalar f2, TorchScalar g2,
        (TorchScalar Min, TorchScalar Max)? bounds = null)
    {
        var (xminBound, xmaxBound) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));

        // d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2);  d2 = sqrt(d1² - g1 g2)
        var d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
        var d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0.0)
        {
            var d2 = TorchScalar.Sqrt(d2Square);
            var minPos = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2));
            return TorchScalar.Min(TorchScalar.Max(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.0;
    }
}
