namespace Nst.Engine.Losses;

/// <summary>
/// L = w · Σ_{c,i,j} ((x[c,i,j+1] − x[c,i,j])² + (x[c,i+1,j] − x[c,i,j])²) on the image itself (not preprocessed).
/// </summary>
public static class TotalVariationLoss
{
    /// <summary>Returns L and adds dL/dx into <paramref name="grad"/> for x of 3 planes of h×w.</summary>
    public static double EvaluateAccumulate(ReadOnlySpan<float> x, Span<float> grad, int channels, int height, int width, float weight)
    {
        if (weight == 0) return 0;
        double sum = 0;
        float k = 2f * weight;
        for (int c = 0; c < channels; c++)
        {
            int p = c * height * width;
            for (int i = 0; i < height; i++)
            {
                int row = p + i * width;
                for (int j = 0; j < width; j++)
                {
                    int at = row + j;
                    if (j + 1 < width)
                    {
                        float d = x[at + 1] - x[at];
                        sum += (double)d * d;
                        grad[at + 1] += k * d;
                        grad[at] -= k * d;
                    }

                    if (i + 1 < height)
                    {
                        float d = x[at + width] - x[at];
                        sum += (double)d * d;
                        grad[at + width] += k * d;
                        grad[at] -= k * d;
                    }
                }
            }
        }

        return weight * sum;
    }

    /// <summary>
    /// L = w · Σ_{c,i,j} (dx² + dy²)^β with dx = x[c,i,j+1] − x[c,i,j] (0 on the last column) and dy likewise
    /// (0 on the last row), so β = 1 gives exactly <see cref="EvaluateAccumulate"/>. Where dx = dy = 0 and β &lt; 1
    /// the subgradient 0 is used.
    /// </summary>
    public static double EvaluatePowerAccumulate(ReadOnlySpan<float> x, Span<float> grad, int channels, int height, int width, float weight, float power)
    {
        if (weight == 0) return 0;
        double sum = 0;
        for (int c = 0; c < channels; c++)
        {
            int p = c * height * width;
            for (int i = 0; i < height; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    int at = p + i * width + j;
                    double dx = j + 1 < width ? x[at + 1] - x[at] : 0;
                    double dy = i + 1 < height ? x[at + width] - x[at] : 0;
                    double b = dx * dx + dy * dy;
                    if (b == 0) continue;
                    sum += Math.Pow(b, power);
                    double k = weight * power * Math.Pow(b, power - 1) * 2;
                    if (j + 1 < width)
                    {
                        grad[at + 1] += (float)(k * dx);
                        grad[at] -= (float)(k * dx);
                    }

                    if (i + 1 < height)
                    {
                        grad[at + width] += (float)(k * dy);
                        grad[at] -= (float)(k * dy);
                    }
                }
            }
        }

        return weight * sum;
    }
}
