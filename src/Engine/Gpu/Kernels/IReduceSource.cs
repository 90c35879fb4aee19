namespace Nst.Engine.Gpu.Kernels;

/// <summary>The i-th term of a sum that <see cref="ReduceKernel"/> adds up in double.</summary>
internal interface IReduceSource
{
    double Term(int i);
}
