namespace Nst.Engine.Models;

/// <summary>Weight file formats told apart by their first bytes.</summary>
internal enum ModelFileKind
{
    Unknown,
    TorchZip,
    TorchLegacy,
    Safetensors,
}
