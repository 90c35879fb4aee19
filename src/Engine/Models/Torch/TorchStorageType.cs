using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>A typed storage class such as torch.FloatStorage, named by a pickle GLOBAL.</summary>
internal sealed record TorchStorageType(string Name, SafetensorsDType DType);
