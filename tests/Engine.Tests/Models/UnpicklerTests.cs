using Nst.Engine.Models.Pickle;
using Nst.Engine.Models.Torch;
using Xunit;

namespace Nst.Engine.Tests.Models;

public class UnpicklerTests
{
    [Fact]
    public void Load_NonAllowListedGlobal_IsRefusedWithoutCallingIt()
    {
        // pickle.dumps of os.system("echo hi") as an attacker would write it: GLOBAL, args, REDUCE.
        byte[] pickle = [0x80, 0x02, .. "cos\nsystem\n"u8, (byte)'X', 7, 0, 0, 0, .. "echo hi"u8, 0x85, (byte)'R', (byte)'.'];

        var e = Assert.Throws<NstException>(() => Load(pickle));

        Assert.Contains("os.system", e.Message);
        Assert.Contains("not allowed", e.Message);
    }

    [Fact]
    public void Load_StackGlobalOfBuiltinsEval_IsRefused()
    {
        byte[] pickle = [0x80, 0x04, 0x8c, 8, .. "builtins"u8, 0x8c, 4, .. "eval"u8, 0x93, (byte)'.'];

        var e = Assert.Throws<NstException>(() => Load(pickle));

        Assert.Contains("builtins.eval", e.Message);
    }

    [Fact]
    public void Load_ContainersAndScalars_MapToClrValues()
    {
        // {"a": [1, -2, 300000, 2.5, True, None], "b": ("x",)} written with protocol 2 opcodes.
        byte[] pickle =
        [
            0x80, 0x02, (byte)'}', (byte)'(', (byte)'X', 1, 0, 0, 0, (byte)'a', (byte)']', (byte)'(',
            (byte)'K', 1, (byte)'J', 0xFE, 0xFF, 0xFF, 0xFF, (byte)'J', 0xE0, 0x93, 0x04, 0x00,
            (byte)'G', 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x88, (byte)'N', (byte)'e',
            (byte)'U', 1, (byte)'b', (byte)'X', 1, 0, 0, 0, (byte)'x', 0x85, (byte)'u', (byte)'.',
        ];

        var dict = Assert.IsType<PickleDict>(Load(pickle));

        Assert.Equal(new object?[] { 1L, -2L, 300000L, 2.5, true, null }, Assert.IsType<List<object?>>(dict["a"]));
        Assert.Equal(new object?[] { "x" }, Assert.IsType<object?[]>(dict["b"]));
    }

    [Fact]
    public void Load_TruncatedPickle_SaysTruncated()
    {
        byte[] pickle = [0x80, 0x02, (byte)'X', 10, 0, 0, 0, (byte)'a'];

        var e = Assert.Throws<NstException>(() => Load(pickle));

        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_UnknownOpcode_NamesIt()
    {
        var e = Assert.Throws<NstException>(() => Load([0x80, 0x02, (byte)'i', (byte)'.']));

        Assert.Contains("0x69", e.Message);
    }

    private static object? Load(byte[] pickle) =>
        new Unpickler(new MemoryStream(pickle), "test.pkl", TorchPickleGlobals.Resolver("test.pkl"), TorchPickleGlobals.PersistentLoad("test.pkl")).Load();
}
