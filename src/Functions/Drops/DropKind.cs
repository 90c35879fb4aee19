namespace Nst.Functions.Drops;

/// <summary>What an inbox blob asks for.</summary>
public enum DropKind
{
    None,
    Drop,
    Manifest,
}
