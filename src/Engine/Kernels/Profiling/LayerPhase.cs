namespace Nst.Engine.Kernels.Profiling;

/// <summary>Which pass a timed layer step belongs to.</summary>
public enum LayerPhase
{
    Forward,
    Backward,
}
