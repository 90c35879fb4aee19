namespace Nst.Engine.Benchmarks;

/// <summary>
/// What <see cref="DeviceCheck"/> measured: each figure is a worst relative error (max |a − b| / max |b| for
/// tensors, |a − b| / |b| for losses); null where the check was skipped.
/// </summary>
/// <param name="Device">The checked backend's description.</param>
/// <param name="FixtureVsCpu">Narrow fixture, one evaluation: losses and dL/dx against the CPU engine.</param>
/// <param name="FixtureVsPyTorch">The same evaluation against PyTorch 1.13's values.</param>
/// <param name="AdamVsPyTorch">Worst loss error over 10 Adam iterations against PyTorch.</param>
/// <param name="AdamImageMaxAbs">The final image's largest absolute difference from PyTorch's after them.</param>
/// <param name="LbfgsVsPyTorch">Worst loss error over 10 L-BFGS iterations against PyTorch.</param>
/// <param name="LbfgsImageRms">The final image's RMS difference from PyTorch's after them.</param>
/// <param name="RandomVsCpu">random:0 (full width) at <see cref="DeviceCheckOptions.RandomSize"/>: losses and dL/dx against the CPU engine.</param>
/// <param name="ResumeBitIdentical">10 iterations against 5, a checkpoint, and 5 more, on the device: the same bits.</param>
/// <param name="Failures">Each check outside its bound, in words; empty when all pass.</param>
public sealed record DeviceCheckResult(
    string Device,
    double? FixtureVsCpu,
    double? FixtureVsPyTorch,
    double? AdamVsPyTorch,
    double? AdamImageMaxAbs,
    double? LbfgsVsPyTorch,
    double? LbfgsImageRms,
    double? RandomVsCpu,
    bool? ResumeBitIdentical,
    IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
