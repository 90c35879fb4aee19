namespace Nst.Engine.Losses;

/// <summary>The objective's parts at one evaluation.</summary>
public readonly record struct LossBreakdown(double Content, double Style, double TotalVariation)
{
    public double Total => Content + Style + TotalVariation;
}
