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
}
