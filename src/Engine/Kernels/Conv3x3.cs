using Nst.Engine.Kernels.Gemm;
using Nst.Engine.Kernels.Winograd;
using Nst.Engine.Tensors;

namespace Nst.Engine.Kernels;

/// <summary>
/// 3×3 convolution, stride 1, zero padding 1: forward and the gradient with respect to its input.
/// y[o,p] = b[o] + Σ_k A[o,k]·B[k,p], an implicit GEMM over output channels × pixels with K = 9·inputs:
/// weights are packed once per <see cref="ConvWeights"/>, im2col strips are packed per tile into scratch.
/// Tiles (image, 256-pixel block, output-channel group) depend only on the shapes, never on the thread count.
/// Wide layers (see <see cref="ConvPolicy"/>) go through Winograd F(4×4, 3×3) or F(2×2, 3×3) instead.
/// </summary>
public static unsafe class Conv3x3
{
    private const int MinTiles = 8;

    public static void Forward(Tensor input, ConvWeights weights, Tensor output) => Forward(input, weights, output, relu: false);

    /// <summary>Forward followed by ReLU, fused into the final store: output = max(conv(input), 0).</summary>
    public static void ForwardRelu(Tensor input, ConvWeights weights, Tensor output) => Forward(input, weights, output, relu: true);

    /// <summary>dx = the same convolution of dy with flipped, transposed weights and no bias.</summary>
    public static void BackwardData(Tensor gradOutput, ConvWeights weights, Tensor gradInput)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(gradOutput);
        int tile = ConvPolicy.WinogradTile(weights.OutChannels, weights.InChannels, gradOutput.Plane);
        if (tile != 0)
        {
            CheckShapes(gradOutput, weights.OutChannels, weights.InChannels, gradInput);
            RunWinograd(gradOutput, weights, tile, backward: true, gradInput, relu: false);
            return;
        }

        Run(gradOutput, ConvWeightCache.Of(weights).BackwardData, gradInput, 0);
    }

    /// <summary>
    /// dx = BackwardData(dy ⊙ [reluOutput &gt; 0]): the backward of a ReLU followed by this convolution's, in one pass
    /// where the convolution runs Winograd (the mask is applied while staging its input). On the direct path the
    /// masked gradient is written into <paramref name="gradOutput"/> first, so callers must not need it afterwards.
    /// </summary>
    internal static void BackwardDataThroughRelu(Tensor gradOutput, Tensor reluOutput, ConvWeights weights, Tensor gradInput)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(reluOutput);
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!reluOutput.SameShape(gradOutput)) throw new ArgumentException($"ReLU output {reluOutput} does not match gradient {gradOutput}.", nameof(reluOutput));
        int tile = ConvPolicy.WinogradTile(weights.OutChannels, weights.InChannels, gradOutput.Plane);
        if (tile != 0)
        {
            CheckShapes(gradOutput, weights.OutChannels, weights.InChannels, gradInput);
            RunWinograd(gradOutput, weights, tile, backward: true, gradInput, relu: false, reluOutput);
            return;
        }

        Activations.ReluBackward(reluOutput.Span, gradOutput.Span, gradOutput.Span);
        BackwardData(gradOutput, weights, gradInput);
    }

    private static void Forward(Tensor input, ConvWeights weights, Tensor output, bool relu)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(input);
        int tile = ConvPolicy.WinogradTile(weights.InChannels, weights.OutChannels, input.Plane);
        if (tile != 0)
        {
            CheckShapes(input, weights.InChannels, weights.OutChannels, output);
            RunWinograd(input, weights, tile, backward: false, output, relu);
            return;
        }

        Run(input, ConvWeightCache.Of(weights).Forward, output, relu ? MicroKernel.Relu : 0);
    }

    /// <summary>Transforms the weights into a pooled buffer for this one call (they are too large to keep per layer).</summary>
    private static void RunWinograd(Tensor input, ConvWeights weights, int tile, bool backward, Tensor output, bool relu, Tensor? inputMask = null)
    {
        var u = WinogradWeightPool.Rent(weights, tile, backward);
        try
        {
            WinogradConv.Run(input, u, output, relu, inputMask);
        }
        finally
        {
            WinogradWeightPool.Return(u);
        }
    }

    private static void CheckShapes(Tensor input, int inputs, int outputs, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.C != inputs || output.C != outputs || output.N != input.N || output.H != input.H || output.W != input.W)
        {
            throw new ArgumentException($"Conv3x3 {inputs}->{outputs} channels cannot map {input} to {output}.", nameof(output));
        }
    }

    private static void Run(Tensor input, PackedConv a, Tensor output, int flags)
    {
        CheckShapes(input, a.Inputs, a.Outputs, output);

        int h = input.H, w = input.W, plane = h * w, n = input.N;
        int pixelTiles = (plane + GemmScratch.Nc - 1) / GemmScratch.Nc;
        int rowBlocks = (a.Outputs + MicroKernel.Mr - 1) / MicroKernel.Mr;
        int groups = Math.Clamp((MinTiles + n * pixelTiles - 1) / (n * pixelTiles), 1, rowBlocks);
        var isa = KernelIsa.Current;
        var kernel = MicroKernel.For(isa);
        nint x = (nint)input.Pointer, xEnd = (nint)(input.Pointer + input.Length), y = (nint)output.Pointer, panels = (nint)a.Panels, bias = (nint)a.Bias;
        int inputs = a.Inputs, outputs = a.Outputs, k = a.K;
        bool thin = ThinConv.Applies(a, isa);

        Parallelism.For(n * pixelTiles * groups, tile =>
        {
            int image = tile / (pixelTiles * groups), rest = tile % (pixelTiles * groups);
            int pixelTile = rest / groups, group = rest % groups;
            int m0 = group * rowBlocks / groups * MicroKernel.Mr;
            int m1 = Math.Min(outputs, (group + 1) * rowBlocks / groups * MicroKernel.Mr);
            int p0 = pixelTile * GemmScratch.Nc, p1 = Math.Min(plane, p0 + GemmScratch.Nc);
            uint* masks = stackalloc uint[Im2ColPacker.MaskCacheLength];
            float* src = (float*)x + (nint)image * inputs * plane, dst = (float*)y + (nint)image * outputs * plane;
            var packer = new Im2ColPacker(src, (float*)x, (float*)xEnd, h, w, isa, masks);
            var source = ASource.Packed((float*)panels, k);
            if (!thin)
            {
                GemmTile.Run(kernel, ref packer, source, outputs, m0, m1, p0, p1, k, dst, plane, (float*)bias, flags);
                return;
            }

            for (int s0 = p0; s0 < p1; s0 += MicroKernel.Nr)
            {
                int s1 = Math.Min(p1, s0 + MicroKernel.Nr);
                if (ThinConv.CanRead(src, inputs, plane, w, s0, (float*)x, (float*)xEnd))
                {
                    ThinConv.Strip(a, src, h, w, s0, s1 - s0, dst, plane, flags);
                }
                else
                {
                    GemmTile.Run(kernel, ref packer, source, outputs, m0, m1, s0, s1, k, dst, plane, (float*)bias, flags);
                }
            }
        });
    }
}
