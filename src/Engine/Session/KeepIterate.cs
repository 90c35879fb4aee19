namespace Nst.Engine.Session;

/// <summary>Which iterate of a scale becomes its result (the output, and the start of the next scale).</summary>
public enum KeepIterate
{
    /// <summary>The iterate whose evaluated loss was the lowest of the scale (the default).</summary>
    Best,

    /// <summary>The last iterate, whatever its loss (the behaviour before best-keeping, and jcjohnson/neural-style's).</summary>
    Final,
}
