namespace Nst.Engine.Models.Pickle;

/// <summary>A Python dict (or OrderedDict) as unpickled: keys in insertion order.</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, object?> _values = [];
    private readonly List<object> _keys = [];

    public IReadOnlyList<object> Keys => _keys;

    public int Count => _keys.Count;

    public object? this[object key]
    {
        get => _values[key];
        set
        {
            if (!_values.ContainsKey(key))
            {
                _keys.Add(key);
            }

            _values[key] = value;
        }
    }

    public bool TryGetValue(object key, out object? value) => _values.TryGetValue(key, out value);
}
