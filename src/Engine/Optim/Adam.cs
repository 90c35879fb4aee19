using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Optim;

/// <summary>
/// torch.optim.Adam (1.13, single-tensor path, no amsgrad/weight decay/maximize) with PyTorch's float32
/// rounding: the bias corrections and step size are doubles (Python floats) that the kernels round to
/// float32; m and v use the FMAs of torch's AVX2 kernels.
/// </summary>
public sealed class Adam : IOptimizer
{
    public const string KindName = "adam";

    private readonly AdamOptions _options;
    private readonly float[] _gradient;
    private readonly float[] _expAvg;
    private readonly float[] _expAvgSq;
    private long _step;

    /// <param name="size">Number of parameters (length of x).</param>
    public Adam(int size, AdamOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _options = options ?? new AdamOptions();
        _options.Validate();
        _gradient = new float[size];
        _expAvg = new float[size];
        _expAvgSq = new float[size];
    }

    public string Name => KindName;

    public int Evaluations { get; private set; }

    public AdamOptions Options => _options;

    /// <summary>Steps taken (torch's <c>state['step']</c>).</summary>
    public long StepCount => _step;

    public float Step(Span<float> x, Objective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (x.Length != _gradient.Length)
            throw new ArgumentException($"x has {x.Length} values; this optimizer was made for {_gradient.Length}.", nameof(x));

        float loss = objective(x, _gradient);
        Evaluations++;
        _step++;

        double beta1 = _options.Beta1, beta2 = _options.Beta2;
        double biasCorrection1 = 1 - Math.Pow(beta1, _step);
        double biasCorrection2 = 1 - Math.Pow(beta2, _step);
        double stepSize = _options.Lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        Update(x, new Coefficients(
            Beta1: (float)beta1, OneMinusBeta1: (float)(1 - beta1),
            Beta2: (float)beta2, OneMinusBeta2: (float)(1 - beta2),
            BiasCorrection2Sqrt: (float)biasCorrection2Sqrt, Eps: (float)_options.Eps, NegStepSize: (float)-stepSize));
        return loss;
    }

    public OptimizerState Export(bool copy = true) => new(
        KindName,
        new Dictionary<string, float[]>
        {
            ["exp_avg"] = copy ? (float[])_expAvg.Clone() : _expAvg,
            ["exp_avg_sq"] = copy ? (float[])_expAvgSq.Clone() : _expAvgSq,
        },
        new Dictionary<string, string>
        {
            ["step"] = OptimizerState.FormatInt(_step),
            ["evaluations"] = OptimizerState.FormatInt(Evaluations),
        });

    public void Import(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.RequireKind(KindName);
        var expAvg = state.Tensor("exp_avg", _expAvg.Length);
        var expAvgSq = state.Tensor("exp_avg_sq", _expAvgSq.Length);
        long step = state.Int("step", 0, 1L << 24); // torch keeps step in a float32 tensor: exact up to 2^24
        int evaluations = (int)state.Int("evaluations", 0, int.MaxValue);
        expAvg.CopyTo(_expAvg, 0);
        expAvgSq.CopyTo(_expAvgSq, 0);
        _step = step;
        Evaluations = evaluations;
    }

    private readonly record struct Coefficients(
        float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float BiasCorrection2Sqrt, float Eps, float NegStepSize);

    /// <summary>
    /// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g·g; denom = sqrt(v)/sqrt(bc2) + eps; x += (−step_size·m)/denom,
    /// each line rounded as torch's kernels round it (the same per element at any vector width).
    /// </summary>
    private void Update(Span<float> x, Coefficients c)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pg = ref MemoryMarshal.GetArrayDataReference(_gradient);
        ref float pm = ref MemoryMarshal.GetArrayDataReference(_expAvg);
        ref float pv = ref MemoryMarshal.GetArrayDataReference(_expAvgSq);
        int n = x.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var g = Vector256.LoadUnsafe(ref pg, (nuint)i);
                var m = Vector256.FusedMultiplyAdd(g, Vector256.Create(c.OneMinusBeta1), Vector256.LoadUnsafe(ref pm, (nuint)i) * c.Beta1);
                var v = Vector256.FusedMultiplyAdd(g * c.OneMinusBeta2, g, Vector256.LoadUnsafe(ref pv, (nuint)i) * c.Beta2);
                var denom = Vector256.Sqrt(v) / Vector256.Create(c.BiasCorrection2Sqrt) + Vector256.Create(c.Eps);
                var xi = Vector256.LoadUnsafe(ref px, (nuint)i) + m * c.NegStepSize / denom;
                m.StoreUnsafe(ref pm, (nuint)i);
                v.StoreUnsafe(ref pv, (nuint)i);
                xi.StoreUnsafe(ref px, (nuint)i);
            }
        }
        for (; i < n; i++)
            UpdateOne(ref Unsafe.Add(ref px, i), Unsafe.Add(ref pg, i), ref Unsafe.Add(ref pm, i), ref Unsafe.Add(ref pv, i), c);
    }

    private static void UpdateOne(ref float x, float g, ref float m, ref float v, in Coefficients c)
    {
        m = MathF.FusedMultiplyAdd(g, c.OneMinusBeta1, m * c.Beta1);
        v = MathF.FusedMultiplyAdd(g * c.OneMinusBeta2, g, v * c.Beta2);
        float denom = MathF.Sqrt(v) / c.BiasCorrection2Sqrt + c.Eps;
        x += c.NegStepSize * m / denom;
    }
}
