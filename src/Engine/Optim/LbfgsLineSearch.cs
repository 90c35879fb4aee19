namespace Nst.Engine.Optim;

/// <summary>How <see cref="Lbfgs"/> picks the step length.</summary>
public enum LbfgsLineSearch
{
    /// <summary>Fixed step: t = lr (first iteration: min(1, 1/Σ|g|)·lr). One evaluation per iteration.</summary>
    None,

    /// <summary>torch's <c>line_search_fn='strong_wolfe'</c>: bracketing and cubic zoom, several evaluations.</summary>
    StrongWolfe,
}
