namespace Nst.Engine.Tests.Gpu;

/// <summary>GPU tests share one accelerator and run one at a time (a backend evaluates one objective at a time).</summary>
[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}
