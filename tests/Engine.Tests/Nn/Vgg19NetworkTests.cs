using Nst.Engine.Kernels;
using Nst.Engine.Models;
using Nst.Engine.Nn;
using Nst.Engine.Tensors;
using Xunit;
using static Nst.Engine.Tests.Kernels.KernelTestData;

namespace Nst.Engine.Tests.Nn;

public class Vgg19NetworkTests
{
    /// <summary>Wide enough that the Winograd paths run (≥ 32 inputs) and narrow enough to stay fast.</summary>
    private static readonly int[] Widths = [32, 32, 40, 40, 48, 48, 48, 48, 56, 56, 56, 56, 56, 56, 56, 56];

    public static TheoryData<int, int> PathsAndPooling()
    {
        var data = new TheoryData<int, int>();
        foreach (int path in Paths())
        {
            data.Add(path, (int)PoolingMode.Max);
            data.Add(path, (int)PoolingMode.Avg);
        }

        return data;
    }

    /// <summary>
    /// The network keeps only what the losses read (ReLU masks as bits, max-pool argmax as bytes); keeping every
    /// map as floats must give the very same input gradient, on odd sizes where pooling drops a row and a column.
    /// </summary>
    [Theory]
    [MemberData(nameof(PathsAndPooling))]
    public void Backward_MasksAndIndicesInsteadOfMaps_BitIdenticalToKeepingEveryMap(int path, int pooling)
    {
        var convs = Vgg19Weights.Random(11, Widths).Convs;
        int[] lossOps = [Vgg19Layout.Resolve("relu1_1"), Vgg19Layout.Resolve("conv3_2"), Vgg19Layout.Resolve("relu4_2")];
        int last = lossOps.Max();
        using var x = Random(3, 1, 3, 37, 45);
        using var lean = new Vgg19Network(convs, lossOps, (PoolingMode)pooling);
        using var full = new Vgg19Network(convs, Enumerable.Range(0, last + 1), (PoolingMode)pooling);
        using var leanGrad = new Tensor(1, 3, 37, 45);
        using var fullGrad = new Tensor(1, 3, 37, 45);

        using (Force(path))
        {
            var leanOut = lean.Forward(x);
            using var losses = new FixedGradients(lossOps, leanOut);
            lean.Backward(x, losses, leanGrad);
            var fullOut = full.Forward(x);
            foreach (int op in lossOps) AssertBitIdentical(leanOut[op].Span, fullOut[op].Span);
            full.Backward(x, losses, fullGrad);
        }

        AssertBitIdentical(fullGrad.Span, leanGrad.Span);
        Assert.Contains(leanGrad.Span.ToArray(), v => v != 0);
    }

    [Fact]
    public void Backward_RepeatedAtTwoSizes_SameResultAsAFreshNetwork()
    {
        var convs = Vgg19Weights.Random(12, Widths).Convs;
        int[] lossOps = [Vgg19Layout.Resolve("relu2_1"), Vgg19Layout.Resolve("relu3_1")];
        using var reused = new Vgg19Network(convs, lossOps);
        using var small = Random(5, 1, 3, 20, 24);
        using var large = Random(6, 1, 3, 33, 30);
        using var scratch = new Tensor(1, 3, 33, 30);
        reused.Forward(large);
        using (var g = new FixedGradients(lossOps, reused.Forward(large))) reused.Backward(large, g, scratch);

        using var fresh = new Vgg19Network(convs, lossOps);
        using var expected = new Tensor(1, 3, 20, 24);
        using var actual = new Tensor(1, 3, 20, 24);
        using (var g = new FixedGradients(lossOps, fresh.Forward(small))) fresh.Backward(small, g, expected);
        using (var g = new FixedGradients(lossOps, reused.Forward(small))) reused.Backward(small, g, actual);

        AssertBitIdentical(expected.Span, actual.Span);
    }

    /// <summary>Seeded gradients at the loss ops, the same for every network they are applied to.</summary>
    private sealed class FixedGradients : IFeatureGradients, IDisposable
    {
        private readonly Dictionary<int, Tensor> _grads = [];

        public FixedGradients(IEnumerable<int> ops, IReadOnlyDictionary<int, Tensor> shapes)
        {
            foreach (int op in ops)
            {
                var s = shapes[op];
                _grads[op] = Random(100 + op, s.N, s.C, s.H, s.W);
            }
        }

        public bool Has(int op) => _grads.ContainsKey(op);

        public void Apply(int op, Tensor features, Tensor grad, bool accumulate)
        {
            var g = _grads[op].Span;
            if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(grad.Span, g, grad.Span);
            else g.CopyTo(grad.Span);
        }

        public void Dispose()
        {
            foreach (var t in _grads.Values) t.Dispose();
        }
    }
}
