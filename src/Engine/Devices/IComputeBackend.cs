using Nst.Engine.Kernels;
using Nst.Engine.Losses;
using Nst.Engine.Tensors;

namespace Nst.Engine.Devices;

/// <summary>
/// Where the objective is evaluated: the CPU engine or a GPU. A backend builds objectives (targets are computed
/// once, on the device); the session keeps x and the optimizer on the host and hands them to
/// <see cref="IStyleObjective.Evaluate"/>, so a checkpoint written with one backend resumes on any other.
/// The caller owns the backend and disposes it after every objective it made.
/// </summary>
public interface IComputeBackend : IDisposable
{
    /// <summary>The device as <c>--device</c> names it: cpu, cuda or ilgpu-cpu.</summary>
    string Name { get; }

    /// <summary>One line for people: the device and its size, e.g. "CUDA: NVIDIA H200 (139.8 GB, sm_90)".</summary>
    string Description { get; }

    /// <summary>Most device memory this backend's buffers held at once so far (0 on the CPU, whose memory is the process's).</summary>
    long PeakDeviceBytes { get; }

    /// <summary>
    /// The objective for a content image and style images (1×3×H×W in [0,1]) whose Gram targets are blended with
    /// the given weights; the same contract as <see cref="StyleObjective.Create"/>.
    /// </summary>
    IStyleObjective CreateObjective(IReadOnlyList<ConvWeights> convs, ObjectiveSpec spec, Tensor content, IReadOnlyList<(Tensor Image, float Blend)> styles);
}
