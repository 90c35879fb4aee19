using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Nst.Engine.Models.Pickle;

/// <summary>
/// A small, safe interpreter for the subset of Python's pickle protocols 2–5 that PyTorch state_dicts use.
/// It never executes anything: GLOBAL goes through an allow-list resolver, REDUCE may call only what that
/// resolver returned, and persistent ids go to the caller. Python values map to: None → null, bool, int →
/// long (BigInteger when wider), float → double, str/bytes → string/byte[], tuple → object?[],
/// list → List&lt;object?&gt;, dict → <see cref="PickleDict"/>.
/// </summary>
internal sealed class Unpickler
{
    private static readonly object Mark = new();

    private readonly Stream _input;
    private readonly string _description;
    private readonly PickleGlobalResolver _resolveGlobal;
    private readonly Func<object?, object?> _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];

    public Unpickler(Stream input, string description, PickleGlobalResolver resolveGlobal, Func<object?, object?> persistentLoad)
    {
        _input = input;
        _description = description;
        _resolveGlobal = resolveGlobal;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Reads one pickle, up to and including its STOP opcode, and returns its value.</summary>
    public object? Load()
    {
        _stack.Clear();
        _memo.Clear();
        while (true)
        {
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                            // PROTO
                case 0x95: ReadBytes(8); break;                          // FRAME: a length hint only
                case (byte)'.': return Pop();                            // STOP
                case (byte)'(': _stack.Add(Mark); break;                 // MARK
                case (byte)'N': _stack.Add(null); break;                 // NONE
                case 0x88: _stack.Add(true); break;                      // NEWTRUE
                case 0x89: _stack.Add(false); break;                     // NEWFALSE
                case (byte)'}': _stack.Add(new PickleDict()); break;     // EMPTY_DICT
                case (byte)']': _stack.Add(new List<object?>()); break;  // EMPTY_LIST
                case (byte)')': _stack.Add(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': _stack.Add(PopToMark().ToArray()); break;  // TUPLE
                case 0x85: _stack.Add(new[] { Pop() }); break;           // TUPLE1
                case 0x86: PushTuple(2); break;                          // TUPLE2
                case 0x87: PushTuple(3); break;                          // TUPLE3
                case (byte)'l': _stack.Add(PopToMark()); break;          // LIST
                case (byte)'d': _stack.Add(DictFrom(PopToMark())); break; // DICT
                case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case (byte)'K': _stack.Add((long)ReadByte()); break;     // BININT1
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case 0x8a: _stack.Add(ReadLong(ReadByte())); break;      // LONG1
                case 0x8b: _stack.Add(ReadLong(ReadLength(4))); break;   // LONG4
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case (byte)'X': _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(4)))); break;  // BINUNICODE
                case 0x8c: _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;         // SHORT_BINUNICODE
                case 0x8d: _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(8)))); break;      // BINUNICODE8
                case (byte)'T': _stack.Add(Encoding.Latin1.GetString(ReadBytes(ReadLength(4)))); break; // BINSTRING (Python 2 str)
                case (byte)'U': _stack.Add(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;  // SHORT_BINSTRING
                case (byte)'B': _stack.Add(ReadBytes(ReadLength(4))); break; // BINBYTES
                case (byte)'C': _stack.Add(ReadBytes(ReadByte())); break;    // SHORT_BINBYTES
                case (byte)'q': _memo[ReadByte()] = Peek(); break;           // BINPUT
                case (byte)'r': _memo[ReadUInt32()] = Peek(); break;         // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;               // MEMOIZE
                case (byte)'h': _stack.Add(GetMemo(ReadByte())); break;      // BINGET
                case (byte)'j': _stack.Add(GetMemo(ReadUInt32())); break;    // LONG_BINGET
                case (byte)'0': Pop(); break;                                // POP
                case (byte)'1': PopToMark(); break;                          // POP_MARK
                case (byte)'2': _stack.Add(Peek()); break;                   // DUP
                case (byte)'c': PushGlobal(ReadLine(), ReadLine()); break;   // GLOBAL
                case 0x93: StackGlobal(); break;                             // STACK_GLOBAL
                case (byte)'R': Reduce(); break;                             // REDUCE
                case (byte)'b': Build(); break;                              // BUILD
                case (byte)'Q': _stack.Add(_persistentLoad(Pop())); break;   // BINPERSID
                case (byte)'s': SetItems(2); break;                          // SETITEM
                case (byte)'u': SetItems(-1); break;                         // SETITEMS
                case (byte)'a': Append(); break;                             // APPEND
                case (byte)'e': Appends(); break;                            // APPENDS
                default:
                    throw Fail($"uses pickle opcode 0x{op:x2}, which a PyTorch state_dict does not need");
            }
        }
    }

    private void PushTuple(int n)
    {
        var items = new object?[n];
        for (int i = n - 1; i >= 0; i--)
        {
            items[i] = Pop();
        }

        _stack.Add(items);
    }

    private void PushGlobal(string module, string name) =>
        _stack.Add(_resolveGlobal(module, name)
            ?? throw Fail($"refers to the Python object {module}.{name}, which is not allowed in a weights file (only tensors and dicts are); if it is a whole pickled model, save model.state_dict() instead"));

    private void StackGlobal()
    {
        string name = Pop() as string ?? throw Fail("has a STACK_GLOBAL without a name");
        string module = Pop() as string ?? throw Fail("has a STACK_GLOBAL without a module");
        PushGlobal(module, name);
    }

    private void Reduce()
    {
        var args = Pop() as object?[] ?? throw Fail("has a REDUCE whose arguments are not a tuple");
        var callable = Pop() as PickleCallable ?? throw Fail("has a REDUCE of something that is not an allowed callable");
        _stack.Add(callable.Invoke(args));
    }

    private void Build()
    {
        object? state = Pop();
        object? target = Peek();
        // OrderedDict state carries attributes such as state_dict._metadata (versions only): not needed.
        if (target is not PickleDict || state is not (PickleDict or null or object?[]))
        {
            throw Fail($"sets the state of a {target?.GetType().Name ?? "None"}, which a state_dict does not do");
        }
    }

    private void SetItems(int count)
    {
        List<object?> items = count < 0 ? PopToMark() : [Pop(), Pop()];
        if (count > 0)
        {
            items.Reverse();
        }

        if (items.Count % 2 != 0 || Peek() is not PickleDict dict)
        {
            throw Fail("has SETITEMS without a dict and key/value pairs");
        }

        for (int i = 0; i < items.Count; i += 2)
        {
            dict[items[i] ?? throw Fail("has a None dict key")] = items[i + 1];
        }
    }

    private void Append()
    {
        object? value = Pop();
        (Peek() as List<object?> ?? throw Fail("has APPEND without a list")).Add(value);
    }

    private void Appends()
    {
        var items = PopToMark();
        (Peek() as List<object?> ?? throw Fail("has APPENDS without a list")).AddRange(items);
    }

    private PickleDict DictFrom(List<object?> items)
    {
        var dict = new PickleDict();
        _stack.Add(dict);
        _stack.Add(Mark);
        _stack.AddRange(items);
        SetItems(-1);
        _stack.RemoveAt(_stack.Count - 1);
        return dict;
    }

    private object? Pop()
    {
        if (_stack.Count == 0 || ReferenceEquals(_stack[^1], Mark))
        {
            throw Fail("pops an empty pickle stack");
        }

        object? top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    private object? Peek() =>
        _stack.Count > 0 && !ReferenceEquals(_stack[^1], Mark) ? _stack[^1] : throw Fail("reads an empty pickle stack");

    private List<object?> PopToMark()
    {
        int mark = _stack.FindLastIndex(o => ReferenceEquals(o, Mark));
        if (mark < 0)
        {
            throw Fail("has no MARK where one is needed");
        }

        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private object? GetMemo(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Fail($"reads memo slot {index}, which was never set");

    private static object ReadLongFrom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 8)
        {
            long v = 0;
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                v = (v << 8) | bytes[i];
            }

            // Sign-extend from the top byte (two's complement, little-endian).
            int shift = 64 - (8 * bytes.Length);
            return bytes.Length == 0 ? 0L : (v << shift) >> shift;
        }

        return new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
    }

    private object ReadLong(long length) => ReadLongFrom(ReadBytes(length));

    private long ReadLength(int size)
    {
        var bytes = ReadBytes(size);
        long length = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (length < 0 || (_input.CanSeek && length > _input.Length - _input.Position))
        {
            throw Fail($"declares a {length}-byte value past the end of the file (truncated or corrupt)");
        }

        return length;
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    private byte ReadByte()
    {
        int b = _input.ReadByte();
        return b >= 0 ? (byte)b : throw Fail("ends before its STOP opcode (the file is truncated)");
    }

    private byte[] ReadBytes(long length)
    {
        if (length > Array.MaxLength)
        {
            throw Fail($"declares a {length}-byte value");
        }

        var bytes = new byte[length];
        int read = _input.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return read == bytes.Length ? bytes : throw Fail("ends before its STOP opcode (the file is truncated)");
    }

    private string ReadLine()
    {
        var text = new StringBuilder();
        for (byte b = ReadByte(); b != (byte)'\n'; b = ReadByte())
        {
            if (text.Length > 4096)
            {
                throw Fail("has a GLOBAL name longer than 4096 characters");
            }

            text.Append((char)b);
        }

        return text.ToString();
    }

    private NstException Fail(string problem) => new($"{_description} {problem}.");
}
