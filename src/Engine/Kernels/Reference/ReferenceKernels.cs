using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels.Reference;

/// <summary>
/// Plain scalar kernels: the definition every fast kernel is tested against. Batch N is looped.
/// Pooling follows PyTorch: 2×2, stride 2, floor for odd sizes, max picks the first maximum in row-major order.
/// </summary>
public static class ReferenceKernels
{
    /// <summary>y[o,r,c] = b[o] + Σ_i Σ_ky Σ_kx w[o,i,ky,kx] · x[i, r+ky−1, c+kx−1] (zero outside).</summary>
    public static void Conv3x3Forward(Tensor input, ConvWeights w, Tensor output)
    {
        int h = input.H, wd = input.W, ci = w.InChannels, co = w.OutChannels;
        var x = input.Span;
        var y = output.Span;
        for (int n = 0; n < input.N; n++)
        {
            for (int o = 0; o < co; o++)
            {
                for (int r = 0; r < h; r++)
                {
                    for (int c = 0; c < wd; c++)
                    {
                        double acc = w.Bias[o];
                        for (int i = 0; i < ci; i++)
                        {
                            for (int ky = 0; ky < 3; ky++)
                            {
                                int rr = r + ky - 1;
                                if ((uint)rr >= (uint)h) continue;
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    int cc = c + kx - 1;
                                    if ((uint)cc >= (uint)wd) continue;
                                    acc += w.Weight[((o * ci + i) * 3 + ky) * 3 + kx] * x[((n * ci + i) * h + rr) * wd + cc];
                                }
                            }
                        }

                        y[((n * co + o) * h + r) * wd + c] = (float)acc;
                    }
                }
            }
        }
    }

    /// <summary>dx[i,r,c] = Σ_o Σ_ky Σ_kx w[o,i,ky,kx] · dy[o, r−ky+1, c−kx+1].</summary>
    public static void Conv3x3BackwardData(Tensor gradOutput, ConvWeights w, Tensor gradInput)
    {
        int h = gradOutput.H, wd = gradOutput.W, ci = w.InChannels, co = w.OutChannels;
        var dy = gradOutput.Span;
        var dx = gradInput.Span;
        for (int n = 0; n < gradOutput.N; n++)
        {
            for (int i = 0; i < ci; i++)
            {
                for (int r = 0; r < h; r++)
                {
                    for (int c = 0; c < wd; c++)
                    {
                        double acc = 0;
                        for (int o = 0; o < co; o++)
                        {
                            for (int ky = 0; ky < 3; ky++)
                            {
                                int rr = r - ky + 1;
                                if ((uint)rr >= (uint)h) continue;
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    int cc = c - kx + 1;
                                    if ((uint)cc >= (uint)wd) continue;
                                    acc += w.Weight[((o * ci + i) * 3 + ky) * 3 + kx] * dy[((n * co + o) * h + rr) * wd + cc];
                                }
                            }
                        }

                        dx[((n * ci + i) * h + r) * wd + c] = (float)acc;
                    }
                }
            }
        }
    }

    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    }

    /// <summary>dx = dy where the ReLU's output is positive, else 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> reluOutput, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        for (int i = 0; i < gradOutput.Length; i++) gradInput[i] = reluOutput[i] > 0 ? gradOutput[i] : 0;
    }

    public static void MaxPool2x2(Tensor input, Tensor output)
    {
        int oh = input.H / 2, ow = input.W / 2, w = input.W;
        var x = input.Span;
        var y = output.Span;
        for (int p = 0; p < input.N * input.C; p++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int c = 0; c < ow; c++)
                {
                    int b = p * input.Plane + 2 * r * w + 2 * c;
                    float m = x[b];
                    if (x[b + 1] > m) m = x[b + 1];
                    if (x[b + w] > m) m = x[b + w];
                    if (x[b + w + 1] > m) m = x[b + w + 1];
                    y[p * oh * ow + r * ow + c] = m;
                }
            }
        }
    }

    /// <summary>Routes each output gradient to the first maximum of its window; everything else gets 0.</summary>
    public static void MaxPool2x2Backward(Tensor input, Tensor gradOutput, Tensor gradInput)
    {
        int oh = input.H / 2, ow = input.W / 2, w = input.W;
        var x = input.Span;
        var dy = gradOutput.Span;
        var dx = gradInput.Span;
        dx.Clear();
        for (int p = 0; p < input.N * input.C; p++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int c = 0; c < ow; c++)
                {
                    int b = p * input.Plane + 2 * r * w + 2 * c;
                    int best = b;
                    if (x[b + 1] > x[best]) best = b + 1;
                    if (x[b + w] > x[best]) best = b + w;
                    if (x[b + w + 1] > x[best]) best = b + w + 1;
                    dx[best] = dy[p * oh * ow + r * ow + c];
                }
            }
        }
    }

    public static void AvgPool2x2(Tensor input, Tensor output)
    {
        int oh = input.H / 2, ow = input.W / 2, w = input.W;
        var x = input.Span;
        var y = output.Span;
        for (int p = 0; p < input.N * input.C; p++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int c = 0; c < ow; c++)
                {
                    int b = p * input.Plane + 2 * r * w + 2 * c;
                    y[p * oh * ow + r * ow + c] = (x[b] + x[b + 1] + x[b + w] + x[b + w + 1]) * 0.25f;
                }
            }
        }
    }

    public static void AvgPool2x2Backward(Tensor gradOutput, Tensor gradInput)
    {
        int oh = gradOutput.H, ow = gradOutput.W, w = gradInput.W;
        var dy = gradOutput.Span;
        var dx = gradInput.Span;
        dx.Clear();
        for (int p = 0; p < gradOutput.N * gradOutput.C; p++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int c = 0; c < ow; c++)
                {
                    float g = dy[p * oh * ow + r * ow + c] * 0.25f;
                    int b = p * gradInput.Plane + 2 * r * w + 2 * c;
                    dx[b] = g; dx[b + 1] = g; dx[b + w] = g; dx[b + w + 1] = g;
                }
            }
        }
    }

    /// <summary>G = F·Fᵀ · scale for F of shape C×(H·W) (batch 1); G is C×C, row-major.</summary>
    public static void Gram(Tensor features, Span<float> gram, float scale)
    {
        int c = features.C, hw = features.Plane;
        var f = features.Span;
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b < c; b++)
            {
                double acc = 0;
                for (int k = 0; k < hw; k++) acc += (double)f[a * hw + k] * f[b * hw + k];
                gram[a * c + b] = (float)(acc * scale);
            }
        }
    }

    /// <summary>dF += (dG + dGᵀ)·F · scale: the gradient of G = F·Fᵀ·scale.</summary>
    public static void GramBackwardAccumulate(Tensor features, ReadOnlySpan<float> gradGram, Tensor gradFeatures, float scale)
    {
        int c = features.C, hw = features.Plane;
        var f = features.Span;
        var df = gradFeatures.Span;
        for (int a = 0; a < c; a++)
        {
            for (int k = 0; k < hw; k++)
            {
                double acc = 0;
                for (int b = 0; b < c; b++) acc += (double)(gradGram[a * c + b] + gradGram[b * c + a]) * f[b * hw + k];
                df[a * hw + k] += (float)(acc * scale);
            }
        }
    }
}
