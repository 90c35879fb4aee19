namespace Nst.Engine.Tests.Optim;

/// <summary>
/// The objective of scripts/fixtures/make_optim_fixtures.py, built from the same integer hash:
/// f(x) = 1/(2m)·Σ_k (Bx − b)_k² + 1/n·Σ_i log cosh(κ(x_i − c_i)), evaluated in double and rounded to
/// float32, so PyTorch and this port feed their optimizers the same float32 numbers.
/// </summary>
internal sealed class ToyObjective
{
    public const int N = 128;
    public const int M = 256;
    public const double Kappa = 4.0;

    private readonly double[] _b = new double[M * N];
    private readonly double[] _rhs = new double[M];
    private readonly double[] _c = new double[N];
    private readonly double[] _r = new double[M];
    private readonly double[] _x = new double[N];

    public ToyObjective()
    {
        for (int k = 0; k < M; k++)
            for (int j = 0; j < N; j++)
                _b[k * N + j] = (Mix((uint)(k * N + j)) % 2048 - 1024.0) / 1024.0;
        var xStar = new double[N];
        for (int i = 0; i < N; i++)
        {
            xStar[i] = (Mix(100000u + (uint)i) % 1088 - 32.0) / 1024.0;
            _c[i] = Mix(200000u + (uint)i) % 1024 / 1024.0;
        }
        for (int k = 0; k < M; k++)
        {
            double sum = 0; // exact: dyadic values with few bits
            for (int j = 0; j < N; j++)
                sum += _b[k * N + j] * xStar[j];
            _rhs[k] = sum;
        }
        Evaluations = 0;
    }

    public int Evaluations { get; private set; }

    public static float[] StartingPoint()
    {
        var x0 = new float[N];
        for (int i = 0; i < N; i++)
            x0[i] = (float)(Mix(300000u + (uint)i) % 1024 / 1024.0);
        return x0;
    }

    public float Evaluate(ReadOnlySpan<float> x, Span<float> gradient)
    {
        Evaluations++;
        for (int j = 0; j < N; j++)
            _x[j] = x[j];
        double quadratic = 0;
        for (int k = 0; k < M; k++)
        {
            double r = -_rhs[k];
            for (int j = 0; j < N; j++)
                r += _b[k * N + j] * _x[j];
            _r[k] = r;
            quadratic += r * r;
        }
        double logCosh = 0;
        for (int j = 0; j < N; j++)
        {
            double z = Kappa * (_x[j] - _c[j]);
            logCosh += Math.Log(Math.Cosh(z));
            double btr = 0;
            for (int k = 0; k < M; k++)
                btr += _b[k * N + j] * _r[k];
            gradient[j] = (float)(btr / M + Kappa / N * Math.Tanh(z));
        }
        return (float)(0.5 / M * quadratic + logCosh / N);
    }

    /// <summary>The lowbias32 integer hash, as in the fixture script.</summary>
    private static uint Mix(uint i)
    {
        uint u = unchecked(i * 0x9E3779B9u + 0x7F4A7C15u);
        u ^= u >> 16;
        u = unchecked(u * 0x7FEB352Du);
        u ^= u >> 15;
        u = unchecked(u * 0x846CA68Bu);
        u ^= u >> 16;
        return u;
    }
}
