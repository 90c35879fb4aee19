using System.Buffers.Binary;
using System.Numerics;
using Nst.Engine.Models.Pickle;
using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>
/// Reads PyTorch's legacy (pre-1.6) serialization, the format of torchvision's vgg19-dcbb9e9d.pth:
/// five things in a row — the magic-number pickle, the protocol-version pickle, the sys_info pickle,
/// the object pickle (storages as persistent ids), the pickled list of storage keys — then every storage
/// in that order as an int64 element count followed by its raw bytes. Storages no wanted tensor uses
/// (the 400 MB classifier, say) are skipped, not read.
/// </summary>
internal static class PthLegacyReader
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);
    private const long ProtocolVersion = 1001;

    public static List<NamedTensor> Read(Stream stream, Func<string, bool> include, string description)
    {
        // Every storage's type is recorded as the pickle names it, so unwanted ones can be skipped by size.
        var storageTypes = new Dictionary<string, SafetensorsDType>(StringComparer.Ordinal);
        var load = TorchPickleGlobals.PersistentLoad(description);
        var unpickler = new Unpickler(stream, description, TorchPickleGlobals.Resolver(description), pid =>
        {
            var storage = (TorchStorageRef)load(pid)!;
            storageTypes[storage.Key] = storage.DType;
            return storage;
        });
        if (!MagicNumber.Equals(unpickler.Load() switch { long l => new BigInteger(l), BigInteger b => b, _ => BigInteger.Zero }))
        {
            throw new NstException($"{description} is not a PyTorch file (wrong magic number).");
        }

        if (unpickler.Load() is not ProtocolVersion)
        {
            throw new NstException($"{description} uses an unknown PyTorch legacy protocol version.");
        }

        if (unpickler.Load() is PickleDict sysInfo && sysInfo.TryGetValue("little_endian", out var little) && little is false)
        {
            throw new NstException($"{description} was saved on a big-endian machine, which is not supported.");
        }

        var wanted = TorchStateDict.Select(unpickler.Load(), include, description);
        if (unpickler.Load() is not List<object?> keys || keys.Any(k => k is not string))
        {
            throw new NstException($"{description} has no readable list of storage keys.");
        }

        var byKey = wanted.GroupBy(w => w.Tensor.Storage.Key).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        Span<byte> countBytes = stackalloc byte[8];
        foreach (string key in keys.Cast<string>())
        {
            ChunkedStreamReader.Fill(stream, countBytes, description);
            long count = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
            if (!storageTypes.TryGetValue(key, out var dtype) || count < 0 || count > Array.MaxLength)
            {
                throw new NstException($"{description}: storage {key} is unknown or declares {count} elements; the file is corrupt.");
            }

            int size = SafetensorsDTypes.ElementSize(dtype);
            if (stream.CanSeek && count * size > stream.Length - stream.Position)
            {
                throw new NstException($"{description} is truncated: storage {key} needs {count * size} bytes but only {stream.Length - stream.Position} remain.");
            }

            if (!byKey.TryGetValue(key, out var users))
            {
                ChunkedStreamReader.Skip(stream, count * size, description);
                continue;
            }

            var storage = new float[count];
            ChunkedStreamReader.Read(stream, storage.AsSpan(), size, TorchTensorAssembler.DecoderFor(dtype, users[0].Name, description), description);
            foreach (var (name, tensor) in users)
            {
                if (tensor.First + tensor.Span > count)
                {
                    throw new NstException($"{description}: {name} reaches past the end of its storage.");
                }

                var window = tensor.First == 0 && tensor.Span == count ? storage : storage.AsSpan((int)tensor.First, (int)tensor.Span).ToArray();
                result[name] = new NamedTensor(name, tensor.Shape, TorchTensorAssembler.Gather(window, tensor));
            }
        }

        var missing = wanted.FirstOrDefault(w => !result.ContainsKey(w.Name));
        if (missing.Name is not null)
        {
            throw new NstException($"{description} lacks the storage of {missing.Name}.");
        }

        return wanted.Select(w => result[w.Name]).ToList();
    }
}
