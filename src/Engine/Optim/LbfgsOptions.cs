namespace Nst.Engine.Optim;

/// <summary>Options of <see cref="Lbfgs"/>; names and defaults as torch.optim.LBFGS except MaxIter.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Learning rate (step length before any line search). Default 1.</summary>
    public double Lr { get; init; } = 1;

    /// <summary>Curvature pairs kept. Default 100 (memory: 2·100 vectors of x's size).</summary>
    public int HistorySize { get; init; } = 100;

    /// <summary>Inner iterations per <see cref="Lbfgs.Step"/>. Default 1, so one Step is one iteration (torch's default is 20).</summary>
    public int MaxIter { get; init; } = 1;

    /// <summary>Cap on evaluations per Step; null means MaxIter·5/4 as in torch.</summary>
    public int? MaxEval { get; init; }

    /// <summary>Stop when max|g| is at most this. Default 1e-7.</summary>
    public double ToleranceGrad { get; init; } = 1e-7;

    /// <summary>Stop when the directional derivative, step or loss change is below this. Default 1e-9.</summary>
    public double ToleranceChange { get; init; } = 1e-9;

    /// <summary>Step-length rule. Default <see cref="LbfgsLineSearch.None"/>.</summary>
    public LbfgsLineSearch LineSearch { get; init; } = LbfgsLineSearch.None;

    internal int EffectiveMaxEval => MaxEval ?? MaxIter * 5 / 4;

    internal void Validate()
    {
        if (!(Lr > 0) || double.IsInfinity(Lr))
            throw new NstException($"L-BFGS lr must be a positive finite number; got {Lr}.");
        if (HistorySize < 1)
            throw new NstException($"L-BFGS history size must be at least 1; got {HistorySize}.");
        if (MaxIter < 1)
            throw new NstException($"L-BFGS max iterations per step must be at least 1; got {MaxIter}.");
        if (MaxEval is < 1)
            throw new NstException($"L-BFGS max evaluations per step must be at least 1; got {MaxEval}.");
        if (!(ToleranceGrad >= 0) || !(ToleranceChange >= 0))
            throw new NstException($"L-BFGS tolerances must be non-negative; got grad {ToleranceGrad}, change {ToleranceChange}.");
        if (!Enum.IsDefined(LineSearch))
            throw new NstException($"L-BFGS line search must be 'none' or 'strong-wolfe'; got {LineSearch}.");
    }
}
