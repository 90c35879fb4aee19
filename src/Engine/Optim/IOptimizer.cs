namespace Nst.Engine.Optim;

/// <summary>A first-order optimizer over one flat float32 parameter vector, with exportable state.</summary>
public interface IOptimizer
{
    /// <summary>Short name, as options spell it: "adam" or "lbfgs".</summary>
    string Name { get; }

    /// <summary>Total objective evaluations made so far (a line search makes several per step).</summary>
    int Evaluations { get; }

    /// <summary>
    /// One iteration: evaluates <paramref name="objective"/> at the incoming <paramref name="x"/>
    /// (more often only inside a line search), updates x in place and returns the loss at the incoming x.
    /// </summary>
    float Step(Span<float> x, Objective objective);

    /// <summary>
    /// The whole state, such that <see cref="Import"/> into a fresh optimizer continues bit-identically. With
    /// <paramref name="copy"/> false the tensors are the optimizer's own arrays (no copy of what may be gigabytes of
    /// history): valid only until the next <see cref="Step"/>, for writing the state out at once.
    /// </summary>
    OptimizerState Export(bool copy = true);

    /// <summary>Replaces the state with an exported one; a wrong kind or size raises <see cref="NstException"/>.</summary>
    void Import(OptimizerState state);
}
