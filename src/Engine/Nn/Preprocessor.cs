using Nst.Engine.Tensors;

namespace Nst.Engine.Nn;

/// <summary>
/// x̂[c'] = scale[c]·x[c] + offset[c] with c' = c (torchvision) or 2 − c (caffe's BGR); a per-channel affine map,
/// so its backward is dx[c] = scale[c]·dx̂[c'].
/// </summary>
public sealed class Preprocessor
{
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly bool _swapChannels;

    public Preprocessor(Preprocess kind)
    {
        Kind = kind;
        if (kind == Preprocess.Torchvision)
        {
            float[] mean = [0.485f, 0.456f, 0.406f];
            float[] std = [0.229f, 0.224f, 0.225f];
            _scale = [1 / std[0], 1 / std[1], 1 / std[2]];
            _offset = [-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]];
        }
        else
        {
            // Indexed by the RGB channel of x: R goes to BGR slot 2 and loses 123.68, and so on.
            _scale = [255f, 255f, 255f];
            _offset = [-123.68f, -116.779f, -103.939f];
            _swapChannels = true;
        }
    }

    public Preprocess Kind { get; }

    /// <summary>scale[c] for channel c of x (for devices that run the same map).</summary>
    internal float ScaleOf(int c) => _scale[c];

    internal float OffsetOf(int c) => _offset[c];

    internal bool SwapsChannels => _swapChannels;

    public static Preprocess Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "torchvision" => Preprocess.Torchvision,
        "caffe" => Preprocess.Caffe,
        _ => throw new NstException($"Unknown preprocessing '{value}'; use one of: torchvision, caffe."),
    };

    /// <summary>Writes x̂ for x (1×3×H×W, RGB in [0,1]).</summary>
    public void Forward(ReadOnlySpan<float> x, Tensor xhat)
    {
        int plane = xhat.Plane;
        var dst = xhat.Span;
        for (int c = 0; c < 3; c++)
        {
            int d = _swapChannels ? 2 - c : c;
            var src = x.Slice(c * plane, plane);
            var o = dst.Slice(d * plane, plane);
            float s = _scale[c], b = _offset[c];
            for (int i = 0; i < plane; i++) o[i] = (src[i] * s) + b;
        }
    }

    /// <summary>Adds dL/dx for the given dL/dx̂ into <paramref name="gradX"/>.</summary>
    public void BackwardAccumulate(Tensor gradXhat, Span<float> gradX)
    {
        int plane = gradXhat.Plane;
        var src = gradXhat.Span;
        for (int c = 0; c < 3; c++)
        {
            int d = _swapChannels ? 2 - c : c;
            var g = src.Slice(d * plane, plane);
            var o = gradX.Slice(c * plane, plane);
            float s = _scale[c];
            for (int i = 0; i < plane; i++) o[i] += g[i] * s;
        }
    }
}
