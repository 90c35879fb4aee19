namespace Nst.Engine.Optim;

/// <summary>
/// torch.optim.lbfgs._strong_wolfe (from Torch7's lswolfe.lua), ported line by line with torch's mix of
/// Python floats and float32 tensors (<see cref="TorchScalar"/>). Gradients live in preallocated buffers;
/// where torch clones a gradient, this copies it.
/// </summary>
internal sealed class StrongWolfe
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;
    private const int MaxLs = 25;

    private readonly float[] _trial;
    private readonly float[] _gNew;
    private readonly float[] _gPrev;
    private readonly float[][] _bracketG;

    public StrongWolfe(int size)
    {
        _trial = new float[size];
        _gNew = new float[size];
        _gPrev = new float[size];
        _bracketG = [new float[size], new float[size]];
    }

    /// <summary>
    /// Searches along d from x (which is left unchanged). On entry <paramref name="g"/> is the gradient at x;
    /// on return it is the gradient at x + t·d for the returned t.
    /// </summary>
    public (double Loss, TorchScalar T, int Evaluations) Search(
        Objective objective, ReadOnlySpan<float> x, TorchScalar t, ReadOnlySpan<float> d,
        double f, Span<float> g, TorchScalar gtd, double toleranceChange)
    {
        var dNorm = TorchScalar.Tensor(VectorMath.MaxAbs(d));
        // evaluate objective and gradient using initial step
        TorchScalar fNew = Evaluate(objective, x, t, d);
        int lsFuncEvals = 1;
        var gtdNew = TorchScalar.Tensor((float)VectorMath.Dot(_gNew, d));

        // bracket an interval containing a point satisfying the Wolfe criteria
        TorchScalar tPrev = 0.0, fPrev = f, gtdPrev = gtd;
        g.CopyTo(_gPrev);
        Span<TorchScalar> bracket = stackalloc TorchScalar[2];
        Span<TorchScalar> bracketF = stackalloc TorchScalar[2];
        Span<TorchScalar> bracketGtd = stackalloc TorchScalar[2];
        int bracketCount = 0;
        bool done = false;
        int lsIter = 0;
        while (lsIter < MaxLs)
        {
            // check conditions
            if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                bracketCount = SetBracket(bracket, bracketF, bracketGtd, tPrev, fPrev, _gPrev, gtdPrev, t, fNew, gtdNew);
                break;
            }
            if (TorchScalar.Abs(gtdNew) <= -C2 * gtd)
            {
                bracket[0] = t;
                bracketF[0] = fNew;
                _gNew.CopyTo(_bracketG[0], 0);
                bracketCount = 1;
                done = true;
                break;
            }
            if (gtdNew >= 0.0)
            {
                bracketCount = SetBracket(bracket, bracketF, bracketGtd, tPrev, fPrev, _gPrev, gtdPrev, t, fNew, gtdNew);
                break;
            }

            // interpolate
            var minStep = t + 0.01 * (t - tPrev);
            var maxStep = t * 10.0;
            var tmp = t;
            t = CubicInterpolation.Minimize(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));

            // next step
            tPrev = tmp;
            fPrev = fNew;
            _gNew.CopyTo(_gPrev, 0);
            gtdPrev = gtdNew;
            fNew = Evaluate(objective, x, t, d);
            lsFuncEvals++;
            gtdNew = TorchScalar.Tensor((float)VectorMath.Dot(_gNew, d));
            lsIter++;
        }

        // reached max number of iterations?
        if (lsIter == MaxLs)
        {
            bracket[0] = 0.0;
            bracket[1] = t;
            bracketF[0] = f;
            bracketF[1] = fNew;
            g.CopyTo(_bracketG[0]);
            _gNew.CopyTo(_bracketG[1], 0);
            bracketCount = 2;
        }

        // zoom phase: we now have a point satisfying the criteria, or a bracket around it.
        // We refine the bracket until we find the exact point satisfying the criteria.
        bool insufProgress = false;
        // find high and low points in bracket
        var (lowPos, highPos) = bracketF[0] <= bracketF[bracketCount - 1] ? (0, 1) : (1, 0);
        while (!done && lsIter < MaxLs)
        {
            // line-search bracket is so small
            if (TorchScalar.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange)
                break;

            // compute new trial value
            t = CubicInterpolation.Minimize(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);

            // test that we are making sufficient progress: if t is so close to a boundary that progress is
            // insufficient twice in a row, or t is at a boundary, move it 0.1·len(bracket) away from it
            var bracketMax = TorchScalar.Max(bracket[0], bracket[1]);
            var bracketMin = TorchScalar.Min(bracket[0], bracket[1]);
            var eps = 0.1 * (bracketMax - bracketMin);
            if (TorchScalar.Min(bracketMax - t, t - bracketMin) < eps)
            {
                // interpolation close to boundary
                if (insufProgress || t >= bracketMax || t <= bracketMin)
                {
                    // evaluate at 0.1 away from boundary
                    t = TorchScalar.Abs(t - bracketMax) < TorchScalar.Abs(t - bracketMin) ? bracketMax - eps : bracketMin + eps;
                    insufProgress = false;
                }
                else
                {
                    insufProgress = true;
                }
            }
            else
            {
                insufProgress = false;
            }

            // Evaluate new point
            fNew = Evaluate(objective, x, t, d);
            lsFuncEvals++;
            gtdNew = TorchScalar.Tensor((float)VectorMath.Dot(_gNew, d));
            lsIter++;

            if (fNew > f + C1 * t * gtd || fNew >= bracketF[lowPos])
            {
                // Armijo condition not satisfied or not lower than lowest point
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                _gNew.CopyTo(_bracketG[highPos], 0);
                bracketGtd[highPos] = gtdNew;
                (lowPos, highPos) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (TorchScalar.Abs(gtdNew) <= -C2 * gtd)
                {
                    // Wolfe conditions satisfied
                    done = true;
                }
                else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0.0)
                {
                    // old high becomes new low
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    _bracketG[lowPos].CopyTo(_bracketG[highPos], 0);
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }

                // new point becomes new low
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                _gNew.CopyTo(_bracketG[lowPos], 0);
                bracketGtd[lowPos] = gtdNew;
            }
        }

        // return stuff
        _bracketG[lowPos].CopyTo(g);
        return (bracketF[lowPos].Value, bracket[lowPos], lsFuncEvals);
    }

    /// <summary>torch's <c>_directional_evaluate</c>: the loss and gradient (into _gNew) at x + t·d.</summary>
    private TorchScalar Evaluate(Objective objective, ReadOnlySpan<float> x, TorchScalar t, ReadOnlySpan<float> d)
    {
        VectorMath.AddScaled(x, d, t.AsFloat, _trial);
        return TorchScalar.Py(objective(_trial, _gNew));
    }

    /// <summary>bracket = [t_prev, t] with the matching f, g (copied) and gtd.</summary>
    private int SetBracket(
        Span<TorchScalar> bracket, Span<TorchScalar> bracketF, Span<TorchScalar> bracketGtd,
        TorchScalar tPrev, TorchScalar fPrev, float[] gPrev, TorchScalar gtdPrev,
        TorchScalar t, TorchScalar fNew, TorchScalar gtdNew)
    {
        bracket[0] = tPrev;
        bracket[1] = t;
        bracketF[0] = fPrev;
        bracketF[1] = fNew;
        gPrev.CopyTo(_bracketG[0], 0);
        _gNew.CopyTo(_bracketG[1], 0);
        bracketGtd[0] = gtdPrev;
        bracketGtd[1] = gtdNew;
        return 2;
    }
}
