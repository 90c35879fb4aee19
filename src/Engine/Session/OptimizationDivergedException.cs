namespace Nst.Engine.Session;

/// <summary>
/// The loss stopped being a finite number: the optimisation has diverged and no later step can recover (NaN
/// propagates through every update). Thrown at the first iterate whose loss is not finite, so a run never spends its
/// remaining iterations on a broken image. The options are what the user can change, hence an <see cref="NstException"/>.
/// </summary>
public sealed class OptimizationDivergedException : NstException
{
    public OptimizationDivergedException(int iteration, double loss)
        : base($"The optimisation diverged: the loss was {(double.IsNaN(loss) ? "NaN" : "infinite")} after iteration {iteration}. " +
            "Lower the learning rate (lr) or the style and TV weights, or use the Adam optimizer.")
    {
        Iteration = iteration;
    }

    public OptimizationDivergedException() { }

    public OptimizationDivergedException(string message) : base(message) { }

    public OptimizationDivergedException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>The iterations completed when the loss was found not finite.</summary>
    public int Iteration { get; }
}
