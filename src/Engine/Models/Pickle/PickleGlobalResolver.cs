namespace Nst.Engine.Models.Pickle;

/// <summary>
/// Maps a pickle GLOBAL (module, name) to a value: a <see cref="PickleCallable"/> or a marker object.
/// Returns null for anything not allow-listed; the unpickler then refuses the file.
/// </summary>
internal delegate object? PickleGlobalResolver(string module, string name);
