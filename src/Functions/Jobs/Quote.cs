namespace Nst.Functions.Jobs;

/// <summary>How error messages quote what a user sent: at most ~100 characters, on one line.</summary>
public static class Quote
{
    public const int MaxLength = 100;

    public static string Short(string? value)
    {
        if (value is null) return "";
        string oneLine = string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));
        return oneLine.Length <= MaxLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxLength - 1), "…");
    }
}
