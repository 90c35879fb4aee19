namespace Nst.Engine.Models.Torch;

/// <summary>Reads chosen tensors of a PyTorch .pth state_dict, telling the zip and legacy formats apart by content.</summary>
internal static class PthReader
{
    public static List<NamedTensor> Read(Stream stream, Func<string, bool> include, string description)
    {
        return ModelFileSniffer.Sniff(stream) switch
        {
            ModelFileKind.TorchZip => PthZipReader.Read(stream, include, description),
            ModelFileKind.TorchLegacy => PthLegacyReader.Read(stream, include, description),
            _ => throw new NstException($"{description} is not a PyTorch .pth file."),
        };
    }
}
