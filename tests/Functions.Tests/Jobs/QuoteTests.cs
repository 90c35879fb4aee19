using Nst.Functions.Jobs;

namespace Nst.Functions.Tests.Jobs;

public sealed class QuoteTests
{
    [Fact]
    public void Short_Null_Empty()
    {
        Assert.Equal("", Quote.Short(null));
    }

    [Fact]
    public void Short_ShortOneLine_Unchanged()
    {
        Assert.Equal("inbox/a.jpg", Quote.Short("inbox/a.jpg"));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(5000)]
    public void Short_Long_AtMost100Characters(int length)
    {
        string quoted = Quote.Short(new string('a', length));

        Assert.True(quoted.Length <= Quote.MaxLength, $"{quoted.Length} characters");
        Assert.Equal(length > Quote.MaxLength, quoted.EndsWith('…'));
    }

    [Fact]
    public void Short_ControlCharacters_OneLine()
    {
        string quoted = Quote.Short("a\r\nb\tc\u0000d\u001be");

        Assert.Equal("a  b c d e", quoted);
    }

    [Fact]
    public void Short_LongMultiline_OneLineAtMost100()
    {
        string quoted = Quote.Short(string.Concat(Enumerable.Repeat("line\n", 100)));

        Assert.DoesNotContain('\n', quoted);
        Assert.True(quoted.Length <= Quote.MaxLength);
    }

    [Fact]
    public void Short_CutAtAnEmoji_NeverSplitsItsSurrogatePair()
    {
        string quoted = Quote.Short(new string('a', 98) + "😀😀😀");
        Assert.True(quoted.Length <= Quote.MaxLength);
        Assert.Equal(quoted, new string(quoted.EnumerateRunes().SelectMany(r => r.ToString()).ToArray()));
        Assert.DoesNotContain('\uFFFD', quoted);
    }

    [Fact]
    public void Short_UnicodeLineSeparators_BecomeSpaces()
    {
        Assert.Equal("a b c", Quote.Short("a\u2028b\u2029c"));
    }
}
