namespace Nst.Engine.Optim;

/// <summary>Options of <see cref="Adam"/> (torch.optim.Adam without weight decay, amsgrad or maximize).</summary>
public sealed record AdamOptions
{
    /// <summary>
    /// Learning rate. Default 0.02: on images in [0, 1] Adam moves each pixel by about lr per step early on,
    /// so 0.02 crosses the range in ~50 steps without visible oscillation (torch's own default is 1e-3).
    /// </summary>
    public double Lr { get; init; } = 0.02;

    /// <summary>Decay of the first-moment average. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the denominator for stability. Default 1e-8.</summary>
    public double Eps { get; init; } = 1e-8;

    internal void Validate()
    {
        if (!(Lr > 0) || double.IsInfinity(Lr))
            throw new NstException($"Adam lr must be a positive finite number; got {Lr}.");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new NstException($"Adam beta1 must be in [0, 1); got {Beta1}.");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new NstException($"Adam beta2 must be in [0, 1); got {Beta2}.");
        if (!(Eps >= 0) || double.IsInfinity(Eps))
            throw new NstException($"Adam eps must be a non-negative finite number; got {Eps}.");
    }
}
