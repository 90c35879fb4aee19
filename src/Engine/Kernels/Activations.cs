using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nst.Engine.Kernels;

/// <summary>ReLU and its gradient, elementwise; selects (not max) so that −0 and NaN map to 0 exactly as the reference.</summary>
public static class Activations
{
    /// <summary>y = x &gt; 0 ? x : 0; x and y may be the same buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Output has {y.Length} values, input {x.Length}.", nameof(y));
        int i = 0;
        switch (KernelIsa.Current)
        {
            case IsaLevel.Vector512:
                for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var v = Vector512.Create(x.Slice(i));
                    Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, Vector512<float>.Zero).CopyTo(y.Slice(i));
                }

                break;
            case IsaLevel.Vector256:
                for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var v = Vector256.Create(x.Slice(i));
                    Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero).CopyTo(y.Slice(i));
                }

                break;
            case IsaLevel.Vector128:
                for (; i <= x.Length - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    var v = Vector128.Create(x.Slice(i));
                    Vector128.ConditionalSelect(Vector128.GreaterThan(v, Vector128<float>.Zero), v, Vector128<float>.Zero).CopyTo(y.Slice(i));
                }

                break;
        }

        for (; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    }

    /// <summary>dx = y &gt; 0 ? dy : 0 where y is the ReLU's output; dy and dx may be the same buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> reluOutput, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        int length = gradOutput.Length;
        if (reluOutput.Length < length || gradInput.Length < length)
        {
            throw new ArgumentException($"ReLU backward needs {length} values in every buffer.", nameof(gradInput));
        }

        int i = 0;
        switch (KernelIsa.Current)
        {
            case IsaLevel.Vector512:
                for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var keep = Vector512.GreaterThan(Vector512.Create(reluOutput.Slice(i)), Vector512<float>.Zero);
                    Vector512.ConditionalSelect(keep, Vector512.Create(gradOutput.Slice(i)), Vector512<float>.Zero).CopyTo(gradInput.Slice(i));
                }

                break;
            case IsaLevel.Vector256:
                for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var keep = Vector256.GreaterThan(Vector256.Create(reluOutput.Slice(i)), Vector256<float>.Zero);
                    Vector256.ConditionalSelect(keep, Vector256.Create(gradOutput.Slice(i)), Vector256<float>.Zero).CopyTo(gradInput.Slice(i));
                }

                break;
            case IsaLevel.Vector128:
                for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    var keep = Vector128.GreaterThan(Vector128.Create(reluOutput.Slice(i)), Vector128<float>.Zero);
                    Vector128.ConditionalSelect(keep, Vector128.Create(gradOutput.Slice(i)), Vector128<float>.Zero).CopyTo(gradInput.Slice(i));
                }

                break;
        }

        for (; i < length; i++) gradInput[i] = reluOutput[i] > 0 ? gradOutput[i] : 0;
    }
}
