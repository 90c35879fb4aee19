using Nst.Engine.Kernels;
using Nst.Engine.Kernels.Reference;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Kernels;

public class ActivationsTests
{
    /// <summary>Every length 0..70 so each vector width's tail is hit; specials included.</summary>
    private static float[] Input(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        float[] specials = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon];
        for (int i = 0; i < length; i++) x[i] = i % 5 == 0 ? specials[i / 5 % specials.Length] : (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTestData))]
    public void Relu_EveryPathAndLength_BitIdenticalToReference(int path)
    {
        for (int length = 0; length <= 70; length++)
        {
            var x = Input(length, length);
            var expected = new float[length];
            var actual = new float[length];
            ReferenceKernels.Relu(x, expected);

            using (Force(path)) Activations.Relu(x, actual);

            AssertBitIdentical(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTestData))]
    public void Relu_InPlace_BitIdenticalToReference(int path)
    {
        var x = Input(67, 1);
        var expected = new float[x.Length];
        ReferenceKernels.Relu(x, expected);

        using (Force(path)) Activations.Relu(x, x);

        AssertBitIdentical(expected, x);
    }

    [Theory]
    [MemberData(nameof(Paths), MemberType = typeof(KernelTestData))]
    public void ReluBackward_EveryPathAndLength_BitIdenticalToReference(int path)
    {
        for (int length = 0; length <= 70; length++)
        {
            var y = Input(length, length);
            Activations.Relu(y, y);
            var dy = Input(length, length + 100);
            var expected = new float[length];
            ReferenceKernels.ReluBackward(y, dy, expected);

            using (Force(path)) Activations.ReluBackward(y, dy, dy);

            AssertBitIdentical(expected, dy);
        }
    }

    [Fact]
    public void Relu_OutputShorter_Throws()
    {
        Assert.Throws<ArgumentException>(() => Activations.Relu(new float[4], new float[3]));
    }
}
