using Nst.Engine.Models.Pickle;

namespace Nst.Engine.Models.Torch;

/// <summary>Finds the state_dict in an unpickled .pth object and picks the tensors a caller wants.</summary>
internal static class TorchStateDict
{
    public static List<(string Name, TorchTensorRef Tensor)> Select(object? root, Func<string, bool> include, string description)
    {
        if (root is not PickleDict dict)
        {
            throw new NstException($"{description} does not hold a state_dict (a dict of tensors).");
        }

        // Training checkpoints often wrap the weights: {"state_dict": {...}, ...}.
        if (dict.TryGetValue("state_dict", out var inner) && inner is PickleDict innerDict)
        {
            dict = innerDict;
        }

        var selected = new List<(string, TorchTensorRef)>();
        foreach (var key in dict.Keys)
        {
            if (key is string name && include(name))
            {
                selected.Add((name, dict[key] as TorchTensorRef
                    ?? throw new NstException($"{description}: entry '{name}' is not a tensor.")));
            }
        }

        return selected;
    }
}
