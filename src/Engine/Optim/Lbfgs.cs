using System.Numerics.Tensors;

namespace Nst.Engine.Optim;

/// <summary>
/// torch.optim.LBFGS (1.13) ported line by line: two-loop recursion over a ring-buffer history, first step
/// min(1, 1/Σ|g|)·lr, optional strong-Wolfe line search, and torch's mix of Python floats and float32
/// tensors (<see cref="TorchScalar"/>) so the scalar arithmetic rounds where torch's does. One
/// <see cref="Step"/> is torch's <c>step(closure)</c> with max_iter = <see cref="LbfgsOptions.MaxIter"/>.
/// </summary>
public sealed class Lbfgs : IOptimizer
{
    public const string KindName = "lbfgs";

    /// <summary>Exported tensors of the i-th oldest curvature pair are <c>old_dirs.{i}</c> (y) and <c>old_stps.{i}</c> (s), as torch names them.</summary>
    public const string PairYPrefix = "old_dirs.";

    public const string PairSPrefix = "old_stps.";

    /// <summary>Exported scalar: <see cref="PairsKept"/>.</summary>
    public const string PairsKeptScalar = "pairs_kept";

    private readonly LbfgsOptions _options;
    private readonly int _size;
    private readonly LbfgsHistory _history;
    private readonly float[] _flatGrad;
    private readonly float[] _prevFlatGrad;
    private readonly float[] _d;
    private readonly float[] _xInit;
    private readonly float[] _al;
    private readonly StrongWolfe? _lineSearch;
    private float[] _yScratch;
    private float[] _sScratch;
    private TorchScalar _t;
    private TorchScalar _hDiag;
    private int _nIter;
    private long _pushes; // curvature pairs ever kept: the newest held pair is number _pushes − 1

    /// <param name="size">Number of parameters (length of x).</param>
    public Lbfgs(int size, LbfgsOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _options = options ?? new LbfgsOptions();
        _options.Validate();
        _size = size;
        _history = new LbfgsHistory(_options.HistorySize, size);
        _flatGrad = new float[size];
        _prevFlatGrad = new float[size];
        _d = new float[size];
        _xInit = new float[size];
        _al = new float[_options.HistorySize];
        _yScratch = new float[size];
        _sScratch = new float[size];
        _lineSearch = _options.LineSearch == LbfgsLineSearch.StrongWolfe ? new StrongWolfe(size) : null;
    }

    public string Name => KindName;

    /// <summary>torch's <c>state['func_evals']</c>.</summary>
    public int Evaluations { get; private set; }

    public LbfgsOptions Options => _options;

    /// <summary>Iterations done (torch's <c>state['n_iter']</c>).</summary>
    public int Iterations => _nIter;

    /// <summary>Curvature pairs currently held.</summary>
    public int HistoryCount => _history.Count;

    /// <summary>Curvature pairs kept since this optimizer started (held or already dropped); names each pair for good.</summary>
    public long PairsKept => _pushes;

    public float Step(Span<float> x, Objective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (x.Length != _size)
            throw new ArgumentException($"x has {x.Length} values; this optimizer was made for {_size}.", nameof(x));

        TorchScalar lr = _options.Lr, toleranceGrad = _options.ToleranceGrad, toleranceChange = _options.ToleranceChange;

        // evaluate initial f(x) and df/dx
        float origLoss = objective(x, _flatGrad);
        double loss = origLoss;
        int currentEvals = 1;
        Evaluations++;
        bool optCond = TorchScalar.Tensor(VectorMath.MaxAbs(_flatGrad)) <= toleranceGrad;
        if (optCond)
            return origLoss;

        int nIter = 0;
        while (nIter < _options.MaxIter)
        {
            nIter++;
            _nIter++;

            // compute gradient descent direction
            if (_nIter == 1)
            {
                TensorPrimitives.Negate(_flatGrad, _d);
                _history.Clear();
                _hDiag = 1.0;
            }
            else
            {
                UpdateHistory();
                TwoLoopRecursion();
            }
            _flatGrad.CopyTo(_prevFlatGrad, 0);
            double prevLoss = loss;

            // compute step length: reset initial guess for step size
            _t = _nIter == 1
                ? TorchScalar.Min(1.0, 1.0 / TorchScalar.Tensor((float)VectorMath.SumAbs(_flatGrad))) * lr
                : lr;

            // directional derivative
            var gtd = TorchScalar.Tensor((float)VectorMath.Dot(_flatGrad, _d));
            // directional derivative is below tolerance
            if (gtd > -toleranceChange)
                break;

            int lsFuncEvals = 0;
            if (_lineSearch is not null)
            {
                x.CopyTo(_xInit);
                (loss, _t, lsFuncEvals) = _lineSearch.Search(objective, _xInit, _t, _d, loss, _flatGrad, gtd, _options.ToleranceChange);
                VectorMath.AddScaled(x, _d, _t.AsFloat);
                optCond = TorchScalar.Tensor(VectorMath.MaxAbs(_flatGrad)) <= toleranceGrad;
            }
            else
            {
                // no line search, simply move with fixed-step
                VectorMath.AddScaled(x, _d, _t.AsFloat);
                if (nIter != _options.MaxIter)
                {
                    // re-evaluate function only if not in last iteration
                    loss = objective(x, _flatGrad);
                    optCond = TorchScalar.Tensor(VectorMath.MaxAbs(_flatGrad)) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            Evaluations += lsFuncEvals;

            // check conditions
            if (nIter == _options.MaxIter || currentEvals >= _options.EffectiveMaxEval || optCond)
                break;
            // lack of progress
            if (TorchScalar.Tensor(VectorMath.MaxAbsScaled(_d, _t.AsFloat)) <= toleranceChange)
                break;
            if (Math.Abs(loss - prevLoss) < _options.ToleranceChange)
                break;
        }
        return origLoss;
    }

    public OptimizerState Export(bool copy = true)
    {
        var tensors = new Dictionary<string, float[]>();
        var scalars = new Dictionary<string, string>
        {
            ["n_iter"] = OptimizerState.FormatInt(_nIter),
            ["evaluations"] = OptimizerState.FormatInt(Evaluations),
            ["history"] = OptimizerState.FormatInt(_history.Count),
            [PairsKeptScalar] = OptimizerState.FormatInt(_pushes),
        };
        if (_nIter > 0)
        {
            tensors["d"] = copy ? (float[])_d.Clone() : _d;
            tensors["prev_flat_grad"] = copy ? (float[])_prevFlatGrad.Clone() : _prevFlatGrad;
            var ro = new float[_history.Count];
            for (int i = 0; i < _history.Count; i++)
            {
                tensors[PairYPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = copy ? (float[])_history.Y(i).Clone() : _history.Y(i);
                tensors[PairSPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = copy ? (float[])_history.S(i).Clone() : _history.S(i);
                ro[i] = _history.Rho(i);
            }
            tensors["ro"] = ro;
            ExportScalar(scalars, "t", _t);
            ExportScalar(scalars, "h_diag", _hDiag);
        }
        return new OptimizerState(KindName, tensors, scalars);
    }

    public void Import(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.RequireKind(KindName);
        int nIter = (int)state.Int("n_iter", 0, int.MaxValue);
        int evaluations = (int)state.Int("evaluations", 0, int.MaxValue);
        int count = (int)state.Int("history", 0, int.MaxValue);
        // Older checkpoints lack the counter; numbering their pairs from 0 is as good as any.
        long pushes = state.Scalars.ContainsKey(PairsKeptScalar) ? state.Int(PairsKeptScalar, count, long.MaxValue) : count;
        if (count > _options.HistorySize)
            throw new NstException($"Optimizer state (lbfgs) holds {count} history pairs; this optimizer keeps at most {_options.HistorySize} (history size).");
        if (nIter == 0)
        {
            if (count != 0)
                throw new NstException($"Optimizer state (lbfgs) has {count} history pairs but no iterations.");
            _history.Clear();
            (_nIter, Evaluations, _pushes) = (0, evaluations, pushes);
            return;
        }
        // Validate everything before changing anything, so a bad state leaves the optimizer as it was.
        var d = state.Tensor("d", _size);
        var prevFlatGrad = state.Tensor("prev_flat_grad", _size);
        var ro = state.Tensor("ro", count);
        var pairs = new (float[] Y, float[] S)[count];
        for (int i = 0; i < count; i++)
            pairs[i] = (state.Tensor(PairYPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), _size), state.Tensor(PairSPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), _size));
        var t = ImportScalar(state, "t");
        var hDiag = ImportScalar(state, "h_diag");

        d.CopyTo(_d, 0);
        prevFlatGrad.CopyTo(_prevFlatGrad, 0);
        _history.Clear();
        for (int i = 0; i < count; i++)
        {
            pairs[i].Y.CopyTo(_yScratch, 0);
            pairs[i].S.CopyTo(_sScratch, 0);
            _history.Push(ro[i], ref _yScratch, ref _sScratch);
        }
        (_t, _hDiag, _nIter, Evaluations, _pushes) = (t, hDiag, nIter, evaluations, pushes);
    }

    /// <summary>y = g − g_prev, s = d·t; keep the pair when y·s &gt; 1e-10 (dropping the oldest when full), and then H_diag = y·s / y·y.</summary>
    private void UpdateHistory()
    {
        TensorPrimitives.Subtract(_flatGrad, _prevFlatGrad, _yScratch);
        TensorPrimitives.Multiply(_d, _t.AsFloat, _sScratch);
        var ys = TorchScalar.Tensor((float)VectorMath.Dot(_yScratch, _sScratch));
        if (ys > 1e-10)
        {
            var yy = TorchScalar.Tensor((float)VectorMath.Dot(_yScratch, _yScratch));
            _history.Push((1.0 / ys).AsFloat, ref _yScratch, ref _sScratch);
            _pushes++;
            _hDiag = ys / yy;
        }
    }

    /// <summary>Nocedal &amp; Wright's two-loop recursion: d = −H·g, with H₀ = H_diag·I. torch collapses q and r into one buffer; so does this.</summary>
    private void TwoLoopRecursion()
    {
        Span<float> q = _d;
        TensorPrimitives.Negate(_flatGrad, q);
        int numOld = _history.Count;
        for (int i = numOld - 1; i >= 0; i--)
        {
            _al[i] = (TorchScalar.Tensor((float)VectorMath.Dot(_history.S(i), q)) * TorchScalar.Tensor(_history.Rho(i))).AsFloat;
            VectorMath.AddScaled(q, _history.Y(i), -_al[i]);
        }

        // multiply by initial Hessian; r/d is the final direction
        Span<float> r = _d;
        TensorPrimitives.Multiply(q, _hDiag.AsFloat, r);
        for (int i = 0; i < numOld; i++)
        {
            float beI = (float)VectorMath.Dot(_history.Y(i), r) * _history.Rho(i);
            VectorMath.AddScaled(r, _history.S(i), _al[i] - beI);
        }
    }

    private static void ExportScalar(Dictionary<string, string> scalars, string name, TorchScalar value)
    {
        scalars[name] = OptimizerState.FormatDouble(value.Value);
        scalars[name + "_dtype"] = value.IsTensor ? "float32" : "float64";
    }

    private static TorchScalar ImportScalar(OptimizerState state, string name)
    {
        double value = state.Double(name);
        return state.Scalars.GetValueOrDefault(name + "_dtype") switch
        {
            "float32" => TorchScalar.Tensor((float)value),
            "float64" => TorchScalar.Py(value),
            var other => throw new NstException($"Optimizer state (lbfgs) scalar '{name}_dtype' must be 'float32' or 'float64'; got '{other}'."),
        };
    }
}
