using Nst.Engine.Tensors;
using Xunit;

namespace Nst.Engine.Tests.Tensors;

public class PingPongTensorsTests
{
    [Fact]
    public unsafe void Get_AfterReserve_SidesAreDistinctAndViewsAreReused()
    {
        using var buffers = new PingPongTensors();
        buffers.Reserve(2 * 3 * 4 * 5);

        var a = buffers.Get(0, 7, 2, 3, 4, 5);
        var b = buffers.Get(1, 7, 1, 3, 4, 5);
        var again = buffers.Get(0, 7, 2, 3, 4, 5);

        Assert.Same(a, again);
        Assert.NotEqual((nint)a.Pointer, (nint)b.Pointer);
        Assert.Equal(0, buffers.SideOf(a));
        Assert.Equal(1, buffers.SideOf(b));
        Assert.Equal("Tensor[1x3x4x5]", b.ToString());
    }

    [Fact]
    public void Get_BeyondReserved_Throws()
    {
        using var buffers = new PingPongTensors();
        buffers.Reserve(10);

        Assert.Throws<InvalidOperationException>(() => buffers.Get(0, 0, 1, 1, 3, 4));
    }

    [Fact]
    public unsafe void Reserve_Larger_GrowsAndDropsOldViews()
    {
        using var buffers = new PingPongTensors();
        buffers.Reserve(4);
        var small = buffers.Get(0, 1, 1, 1, 2, 2);

        buffers.Reserve(100);
        var big = buffers.Get(0, 1, 1, 1, 2, 2);

        Assert.NotSame(small, big);
        Assert.Equal(100, buffers.Get(1, 2, 1, 1, 10, 10).Length);
    }

    [Fact]
    public unsafe void ViewDispose_LeavesTheBufferToItsOwner()
    {
        using var owner = new AlignedBuffer(6);
        owner.Pointer[5] = 3f;
        var view = new Tensor(owner.Pointer, 1, 1, 2, 3);
        Assert.Equal(3f, view.Span[5]);

        view.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.Span.Length);
        Assert.Equal(3f, owner.Pointer[5]); // still allocated and intact
    }
}
