namespace Nst.Engine.Nn;

public enum PoolingMode
{
    Max,
    Avg,
}
