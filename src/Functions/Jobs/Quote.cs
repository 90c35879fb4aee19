using System.Text;

namespace Nst.Functions.Jobs;

/// <summary>How error messages quote what a user sent: at most ~100 characters, on one line, never half a character.</summary>
public static class Quote
{
    public const int MaxLength = 100;

    public static string Short(string? value)
    {
        if (value is null) return "";
        var text = new StringBuilder(Math.Min(value.Length, MaxLength));
        int room = value.Length <= MaxLength ? MaxLength : MaxLength - 1; // keep one for the ellipsis when cut
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (text.Length + rune.Utf16SequenceLength > room)
            {
                return text.Append('…').ToString();
            }

            // Control characters and Unicode line and paragraph separators would break the line.
            if (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029)
            {
                text.Append(' ');
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.ToString();
    }
}
