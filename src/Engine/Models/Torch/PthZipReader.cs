using System.IO.Compression;
using Nst.Engine.Models.Pickle;
using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>
/// Reads the zip format torch.save has written since PyTorch 1.6: {name}/data.pkl (the object pickle,
/// storages as persistent ids) and {name}/data/{key} (each storage's raw little-endian bytes).
/// The folder name is "archive" or, in older versions, the saved file's name.
/// </summary>
internal static class PthZipReader
{
    public static List<NamedTensor> Read(Stream stream, Func<string, bool> include, string description)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new NstException($"{description} is a damaged zip archive ({e.Message}); the file is probably truncated.", e);
        }

        using (zip)
        {
            var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)
                    && e.FullName.IndexOf('/', StringComparison.Ordinal) == e.FullName.Length - "/data.pkl".Length)
                ?? throw new NstException($"{description} is a zip file without data.pkl, so not a PyTorch checkpoint.");
            string prefix = pickleEntry.FullName[..^"data.pkl".Length];

            object? root;
            using (var pickle = OpenBuffered(pickleEntry, description))
            {
                var unpickler = new Unpickler(pickle, description, TorchPickleGlobals.Resolver(description), TorchPickleGlobals.PersistentLoad(description));
                root = unpickler.Load();
            }

            var tensors = new List<NamedTensor>();
            foreach (var (name, tensor) in TorchStateDict.Select(root, include, description))
            {
                var entry = zip.GetEntry(prefix + "data/" + tensor.Storage.Key)
                    ?? throw new NstException($"{description} lacks the storage data/{tensor.Storage.Key} of {name}.");
                long needed = (tensor.First + tensor.Span) * SafetensorsDTypes.ElementSize(tensor.Storage.DType);
                if (entry.Length < needed)
                {
                    throw new NstException($"{description}: storage of {name} has {entry.Length} bytes but the tensor needs {needed}; the file is truncated or corrupt.");
                }

                using var data = OpenEntry(entry, description);
                tensors.Add(new NamedTensor(name, tensor.Shape, TorchTensorAssembler.Read(data, tensor, name, description)));
            }

            return tensors;
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string description)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new NstException($"{description}: zip entry {entry.FullName} is damaged ({e.Message}).", e);
        }
    }

    private static MemoryStream OpenBuffered(ZipArchiveEntry entry, string description)
    {
        var buffer = new MemoryStream();
        using (var source = OpenEntry(entry, description))
        {
            try
            {
                source.CopyTo(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new NstException($"{description}: zip entry {entry.FullName} is damaged ({e.Message}).", e);
            }
        }

        buffer.Position = 0;
        return buffer;
    }
}
