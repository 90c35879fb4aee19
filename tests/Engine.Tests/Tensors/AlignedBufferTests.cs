using Nst.Engine.Tensors;
using Xunit;

namespace Nst.Engine.Tests.Tensors;

public class AlignedBufferTests
{
    [Fact]
    public unsafe void New_AnyLength_AlignedTo64AndZeroed()
    {
        foreach (long length in new long[] { 1, 3, 17, 1000 })
        {
            using var buffer = new AlignedBuffer(length);
            Assert.Equal(0, (long)buffer.Pointer % 64);
            for (long i = 0; i < length; i++) Assert.Equal(0f, buffer.Pointer[i]);
        }
    }

    [Fact]
    public void Pointer_AfterDispose_Throws()
    {
        var buffer = new AlignedBuffer(4);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { unsafe { _ = buffer.Pointer; } });
    }
}
