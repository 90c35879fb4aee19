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
    public void New_IsValidAndSortsNewestFirst()
    {
        string earlier = JobId.New(Uploaded);
        string later = JobId.New(Uploaded.AddMilliseconds(1));

        Assert.True(JobId.IsValid(earlier));
        Assert.Equal(26, earlier.Length);
        Assert.True(string.CompareOrdinal(later, earlier) < 0, "a later job's id must sort first (the task hub lists instances by id)");
    }

    [Fact]
    public void ForUpload_LaterUpload_SortsFirst()
    {
        Assert.True(string.CompareOrdinal(JobId.ForUpload("inbox/a.jpg", "0x1", Uploaded.AddSeconds(1)), JobId.ForUpload("inbox/a.jpg", "0x1", Uploaded)) < 0);
    }

    [Fact]
    public void New_TwoAtTheSameInstant_Differ()
    {
        Assert.NotEqual(JobId.New(Uploaded), JobId.New(Uploaded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7ybq1hmz6zpweg1tc4c9927z2")]
    [InlineData("7ybq1hmz6zpweg1tc4c9927z2vv")]
    [InlineData("7YBQ1HMZ6ZPWEG1TC4C9927Z2V")]
    [InlineData("7ybq1hmz6zpweg1tc4c9927z2u")]
    [InlineData("../../jobs/x/state/00001.safe")]
    public void IsValid_NotAnId_IsFalse(string id)
    {
        Assert.False(JobId.IsValid(id));
    }
}
