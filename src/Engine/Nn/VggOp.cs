namespace Nst.Engine.Nn;

public enum VggOpKind
{
    Conv,
    Relu,
    Pool,
}

/// <summary>One entry of torchvision's <c>vgg19.features</c>: index, kind, block (1–5) and position in the block.</summary>
public readonly record struct VggOp(int Index, VggOpKind Kind, int Block, int Number)
{
    public string Name => Kind switch
    {
        VggOpKind.Conv => $"conv{Block}_{Number}",
        VggOpKind.Relu => $"relu{Block}_{Number}",
        _ => $"pool{Block}",
    };
}
