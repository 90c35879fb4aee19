using Nst.Functions.Jobs;

namespace Nst.Functions.Tests.Jobs;

public sealed class JobIdTests
{
    private static readonly DateTimeOffset Uploaded = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForUpload_SameNameAndETag_GivesTheSameId()
    {
        Assert.Equal(JobId.ForUpload("inbox/a/b.jpg", "\"0x1\"", Uploaded), JobId.ForUpload("inbox/a/b.jpg", "0x1", Uploaded));
    }

    [Fact]
    public void ForUpload_NewETag_GivesAnotherId()
    {
        Assert.NotEqual(JobId.ForUpload("inbox/a/b.jpg", "0x1", Uploaded), JobId.ForUpload("inbox/a/b.jpg", "0x2", Uploaded));
    }

    [Fact]
    public void New_IsValidAndSortsByTime()
    {
        string earlier = JobId.New(Uploaded);
        string later = JobId.New(Uploaded.AddMilliseconds(1));

        Assert.True(JobId.IsValid(earlier));
        Assert.Equal(26, earlier.Length);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
