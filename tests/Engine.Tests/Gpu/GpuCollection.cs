namespace Nst.Engine.Tests.Gpu;

/// <summary>
/// GPU tests share one accelerator and run one at a time (a backend evaluates one objective at a time). Every other
/// test that makes an ILGPU context (device selection, PTX compilation) runs in this collection too: a full run once
/// saw a conv kernel on the shared accelerator return zeros while those ran beside it, which 21 runs of the GPU tests
/// alone (six of them beside two busy loops) never showed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}
