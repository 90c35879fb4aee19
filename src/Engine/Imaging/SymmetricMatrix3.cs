namespace Nst.Engine.Imaging;

/// <summary>3×3 symmetric matrices (colour covariances): eigen-decomposition and matrix square roots.</summary>
internal static class SymmetricMatrix3
{
    /// <summary>M^p for a symmetric positive semi-definite M, through M = V·diag(λ)·Vᵀ; eigenvalues below floor are raised to it.</summary>
    public static double[,] Power(double[,] m, double p, double floor)
    {
        (var values, var vectors) = Eigen(m);
        var result = new double[3, 3];
        for (int k = 0; k < 3; k++)
        {
            double scale = Math.Pow(Math.Max(values[k], floor), p);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    result[i, j] += vectors[i, k] * scale * vectors[j, k];
                }
            }
        }

        return result;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                c[i, j] = (a[i, 0] * b[0, j]) + (a[i, 1] * b[1, j]) + (a[i, 2] * b[2, j]);
            }
        }

        return c;
    }

    /// <summary>Cyclic Jacobi rotations: eigenvalues, and eigenvectors as the columns of V.</summary>
    public static (double[] Values, double[,] Vectors) Eigen(double[,] m)
    {
        var a = (double[,])m.Clone();
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off < 1e-30)
            {
                break;
            }

            for (int p = 0; p < 2; p++)
            {
                for (int q = p + 1; q < 3; q++)
                {
                    Rotate(a, v, p, q);
                }
            }
        }

        return ([a[0, 0], a[1, 1], a[2, 2]], v);
    }

    /// <summary>One Jacobi rotation zeroing a[p, q] (Numerical Recipes' stable form).</summary>
    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        if (a[p, q] == 0)
        {
            return;
        }

        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
        for (int k = 0; k < 3; k++)
        {
            // Columns p and q of A·J ...
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = (c * akp) - (s * akq);
            a[k, q] = (s * akp) + (c * akq);
        }

        for (int k = 0; k < 3; k++)
        {
            // ... then rows p and q of Jᵀ·(A·J), and V·J.
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = (c * apk) - (s * aqk);
            a[q, k] = (s * apk) + (c * aqk);
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = (c * vkp) - (s * vkq);
            v[k, q] = (s * vkp) + (c * vkq);
        }
    }
}
