using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>
/// A storage named by a persistent id: the key of its bytes in the file, its element type, and for the
/// legacy format's storage views, the element offset and length of the view inside the keyed storage.
/// </summary>
internal sealed record TorchStorageRef(string Key, SafetensorsDType DType, long ElementCount, long ViewOffset);
