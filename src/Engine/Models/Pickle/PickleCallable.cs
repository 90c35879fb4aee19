namespace Nst.Engine.Models.Pickle;

/// <summary>
/// An allow-listed Python callable that a pickle may name with GLOBAL and call with REDUCE.
/// The unpickler never runs anything else: each callable is our own C# stand-in.
/// </summary>
internal sealed record PickleCallable(string QualifiedName, Func<object?[], object?> Invoke);
