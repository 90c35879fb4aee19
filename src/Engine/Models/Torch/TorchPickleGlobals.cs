using Nst.Engine.Models.Pickle;
using Nst.Engine.Models.Safetensors;

namespace Nst.Engine.Models.Torch;

/// <summary>
/// The allow-list of Python globals a PyTorch state_dict pickle may name, with our own stand-ins for them,
/// and the persistent-id loader that turns ('storage', type, key, location, numel[, view]) into a reference.
/// </summary>
internal static class TorchPickleGlobals
{
    private static readonly Dictionary<string, SafetensorsDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = SafetensorsDType.F32,
        ["HalfStorage"] = SafetensorsDType.F16,
        ["BFloat16Storage"] = SafetensorsDType.BF16,
        ["DoubleStorage"] = SafetensorsDType.F64,
        ["LongStorage"] = SafetensorsDType.I64,
        ["IntStorage"] = SafetensorsDType.I32,
        ["ShortStorage"] = SafetensorsDType.I16,
        ["CharStorage"] = SafetensorsDType.I8,
        ["ByteStorage"] = SafetensorsDType.U8,
        ["BoolStorage"] = SafetensorsDType.Bool,
    };

    public static PickleGlobalResolver Resolver(string description) => (module, name) => (module, name) switch
    {
        ("collections", "OrderedDict") => new PickleCallable("collections.OrderedDict", _ => new PickleDict()),
        ("torch._utils", "_rebuild_tensor_v2") => new PickleCallable("torch._utils._rebuild_tensor_v2", args => RebuildTensor(args, 4, description)),
        ("torch._utils", "_rebuild_tensor") => new PickleCallable("torch._utils._rebuild_tensor", args => RebuildTensor(args, 4, description)),
        ("torch._utils", "_rebuild_parameter") => new PickleCallable("torch._utils._rebuild_parameter", args => args.Length >= 1 && args[0] is TorchTensorRef t
            ? t
            : throw new NstException($"{description} has a Parameter that does not wrap a tensor.")),
        ("torch", _) when StorageTypes.TryGetValue(name, out var dtype) => new TorchStorageType(name, dtype),
        _ => null,
    };

    public static Func<object?, object?> PersistentLoad(string description) => pid =>
    {
        if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage" || t[1] is not TorchStorageType type
            || t[2] is not string key || t[4] is not long count)
        {
            throw new NstException($"{description} has a persistent id that is not a tensor storage.");
        }

        // Legacy files may describe a view: (view_key, offset, view_size) inside the storage keyed above.
        if (t.Length >= 6 && t[5] is object?[] { Length: 3 } view && view[1] is long viewOffset && view[2] is long viewSize)
        {
            return new TorchStorageRef(key, type.DType, viewSize, viewOffset);
        }

        return new TorchStorageRef(key, type.DType, count, 0);
    };

    private static TorchTensorRef RebuildTensor(object?[] args, int minArgs, string description)
    {
        if (args.Length < minArgs || args[0] is not TorchStorageRef storage || args[1] is not long offset
            || !TryLongs(args[2], out var shape) || !TryLongs(args[3], out var stride) || shape.Length != stride.Length)
        {
            throw new NstException($"{description} has a tensor whose storage, offset, size or stride cannot be read.");
        }

        var tensor = new TorchTensorRef(storage, offset, shape, stride);
        if (offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0) || offset + tensor.Span > storage.ElementCount)
        {
            throw new NstException($"{description} has a tensor of shape [{string.Join(", ", shape)}] that reaches past the end of its storage.");
        }

        return tensor;
    }

    private static bool TryLongs(object? value, out long[] longs)
    {
        longs = [];
        if (value is not object?[] items || items.Any(i => i is not long))
        {
            return false;
        }

        longs = items.Select(i => (long)i!).ToArray();
        return true;
    }
}
