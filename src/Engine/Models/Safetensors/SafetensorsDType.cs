namespace Nst.Engine.Models.Safetensors;

/// <summary>Element types named as in the safetensors header ("F32", "F16", …).</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    Bool,
}
