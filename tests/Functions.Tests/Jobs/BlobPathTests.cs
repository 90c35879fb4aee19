using Nst.Functions.Jobs;

namespace Nst.Functions.Tests.Jobs;

/// <summary>The one blob-path rule (issue 14): a path that passes names exactly one blob in exactly its container.</summary>
public sealed class BlobPathTests
{
    [Theory]
    [InlineData("inbox/a/b.jpg", "inbox", "a/b.jpg")]
    [InlineData("styles/starry.png", "styles", "starry.png")]
    [InlineData("outbox/deep/er/x y (1).webp", "outbox", "deep/er/x y (1).webp")]
    [InlineData("jobs/7ybq/state/0000040.safetensors", "jobs", "7ybq/state/0000040.safetensors")]
    [InlineData("inbox/.hidden.jpg", "inbox", ".hidden.jpg")]
    [InlineData("inbox/ünïcödé/東京.jpg", "inbox", "ünïcödé/東京.jpg")]
    public void TryParse_SafePath_SplitsContainerAndName(string path, string container, string name)
    {
        Assert.True(BlobPath.TryParse(path, out BlobPath parsed, out string? problem));
        Assert.Null(problem);
        Assert.Equal(new BlobPath(container, name), parsed);
        Assert.Equal(path, parsed.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("inbox", "container/name")]
    [InlineData("/a.jpg", "container/name")]
    [InlineData("inbox/", "empty")]
    [InlineData("Inbox/a.jpg", "container name")]
    [InlineData("in_box/a.jpg", "container name")]
    [InlineData("inbox/../jobs/x/input/content.jpg", "'..'")]
    [InlineData("inbox/a/../../b.jpg", "'..'")]
    [InlineData("inbox/..", "'..'")]
    [InlineData("inbox/./a.jpg", "'.'")]
    [InlineData("inbox/a//b.jpg", "empty segment")]
    [InlineData("inbox//a.jpg", "empty segment")]
    [InlineData("inbox/a/", "empty segment")]
    [InlineData("inbox/a\\b.jpg", "backslash")]
    [InlineData("inbox/..\\jobs\\x.jpg", "backslash")]
    [InlineData("inbox/a\nb.jpg", "control")]
    [InlineData("inbox/a\u0000.jpg", "control")]
    [InlineData("inbox/a\u007f.jpg", "control")]
    [InlineData("inbox/%2e%2e/jobs/x.jpg", "'%'")]
    [InlineData("inbox/%2E%2E/jobs/x.jpg", "'%'")]
    [InlineData("inbox/a%20b.jpg", "'%'")]
    [InlineData("inbox/a./b.jpg", "rewrite")]
    [InlineData("inbox/a/b.", "rewrite")]
    [InlineData("inbox/.../b.jpg", "rewrite")]
    [InlineData("inbox/ /b.jpg", "rewrite")]
    public void TryParse_UnsafePath_FalseWithTheProblem(string path, string mentioned)
    {
        Assert.False(BlobPath.TryParse(path, out _, out string? problem));
        Assert.Contains(mentioned, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_False()
    {
        Assert.False(BlobPath.TryParse(null, out _, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void TryParse_NameOfMaxLength_AcceptedOneMoreRefused()
    {
        string longest = "inbox/" + new string('a', BlobPath.MaxLength - 4) + ".jpg";
        string tooLong = "inbox/" + new string('a', BlobPath.MaxLength - 3) + ".jpg";

        Assert.True(BlobPath.TryParse(longest, out _));
        Assert.False(BlobPath.TryParse(tooLong, out _, out string? problem));
        Assert.Contains("longer than 1024", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Unsafe_FormatExceptionQuotingAtMost100Characters()
    {
        string path = "inbox/" + new string('x', 3000) + "/../secret.jpg";

        var e = Assert.Throws<FormatException>(() => BlobPath.Parse(path));

        Assert.True(e.Message.Length < 300, e.Message);
        Assert.Contains("is not a safe blob path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Safe_SameAsTryParse()
    {
        Assert.Equal(new BlobPath("inbox", "a/b.jpg"), BlobPath.Parse("inbox/a/b.jpg"));
    }

    [Theory]
    [InlineData("a/b.jpg", null)]
    [InlineData("../b.jpg", "'..'")]
    [InlineData("", "empty")]
    public void NameProblem_NameInsideAContainer(string name, string? mentioned)
    {
        string? problem = BlobPath.NameProblem(name);

        if (mentioned is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(mentioned, problem, StringComparison.Ordinal);
        }
    }
}
