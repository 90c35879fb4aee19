namespace Nst.Functions.Api;

/// <summary>One style of the library: its name, as drops (<c>inbox/{name}/…</c>) and the form's <c>styleName</c> use it.</summary>
public sealed record StyleEntry(string Name);
