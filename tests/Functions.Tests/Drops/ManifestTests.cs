using Nst.Functions.Drops;
using Nst.Functions.Jobs;

namespace Nst.Functions.Tests.Drops;

/// <summary>A manifest reads only the inbox and the style library and writes only into the outbox (outside outbox/api/).</summary>
public sealed class ManifestTests
{
    private static Manifest Parse(string json) => Manifest.Parse(BinaryData.FromString(json));

    private static JobSubmissionException Refused(string json)
    {
        var e = Assert.Throws<JobSubmissionException>(() => Parse(json));
        Assert.Equal(JobErrorCodes.InvalidManifest, e.Code);
        return e;
    }

    [Fact]
    public void Parse_Complete_ReadsEveryField()
    {
        Manifest m = Parse("""
            {"content": "inbox/photos/a.jpg",
             "styles": [{"name": "starry", "weight": 0.7}, {"blob": "inbox/mine.png", "weight": 0.3}, {"blob": "styles/wave.webp"}],
             "options": {"iterations": 200},
             "webhook": "https://hooks.example.com/x",
             "output": "outbox/results/a.png"}
            """);

        Assert.Equal(new BlobPath("inbox", "photos/a.jpg"), m.Content);
        Assert.Equal(3, m.Styles.Count);
        Assert.Equal(new ManifestStyle("starry", null, 0.7), m.Styles[0]);
        Assert.Equal(new ManifestStyle(null, new BlobPath("inbox", "mine.png"), 0.3), m.Styles[1]);
        Assert.Equal(new ManifestStyle(null, new BlobPath("styles", "wave.webp"), 1.0), m.Styles[2]);
        Assert.Equal(200, m.Options!["iterations"]!.GetValue<int>());
        Assert.Equal("https://hooks.example.com/x", m.Webhook);
        Assert.Equal(new BlobPath("outbox", "results/a.png"), m.Output);
    }

    [Fact]
    public void Parse_OnlyContentAndStyles_RestNull()
    {
        Manifest m = Parse("""{"content": "inbox/a.jpg", "styles": [{"name": "starry"}]}""");

        Assert.Null(m.Options);
        Assert.Null(m.Webhook);
        Assert.Null(m.Output);
    }

    [Theory]
    [InlineData("styles/starry.jpg")]
    [InlineData("outbox/a.jpg")]
    [InlineData("jobs/7ybq/input/content.jpg")]
    [InlineData("models/vgg19.safetensors")]
    [InlineData("inbox/../jobs/x/input/content.jpg")]
    [InlineData("inbox/%2e%2e/jobs/x/input/content.jpg")]
    [InlineData("inbox")]
    public void Parse_ContentOutsideTheInbox_RefusedNamingContent(string content)
    {
        var e = Refused($$"""{"content": "{{content}}", "styles": [{"name": "starry"}]}""");

        Assert.Contains("\"content\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outbox/x.png")]
    [InlineData("jobs/other/input/style-0.png")]
    [InlineData("styles/../jobs/other/input/content.jpg")]
    [InlineData("inbox/../jobs/x/input/content.jpg")]
    [InlineData("models/vgg19.safetensors")]
    public void Parse_StyleBlobOutsideInboxAndStyles_RefusedNamingTheStyle(string blob)
    {
        var e = Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "starry"}, {"blob": "{{blob}}"}]}""");

        Assert.Contains("styles[1].blob", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outbox/../styles/pwned.jpg")]
    [InlineData("styles/pwned.jpg")]
    [InlineData("inbox/a.jpg")]
    [InlineData("jobs/x/output.jpg")]
    [InlineData("outbox/api/7ybq.jpg")]
    [InlineData("outbox/api/sub/x.png")]
    [InlineData("outbox/report.json")]
    [InlineData("outbox/noextension")]
    [InlineData("outbox/a/")]
    public void Parse_OutputNotAnImageInTheOutboxOutsideApi_RefusedNamingOutput(string output)
    {
        var e = Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "starry"}], "output": "{{output}}"}""");

        Assert.Contains("\"output\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OutputUnderApiLookalikeFolder_Accepted()
    {
        Assert.Equal(new BlobPath("outbox", "apis/x.png"), Parse("""{"content": "inbox/a.jpg", "styles": [{"name": "s"}], "output": "outbox/apis/x.png"}""").Output);
    }

    [Fact]
    public void Parse_LargerThan64KB_Refused()
    {
        string padding = new(' ', Manifest.MaxBytes);
        var e = Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "starry"}]}{{padding}}""");

        Assert.Contains("64 KB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SixteenStyles_AcceptedSeventeenRefused()
    {
        static string Styles(int n) => string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"name": "s{{i}}"}"""));

        Assert.Equal(16, Parse($$"""{"content": "inbox/a.jpg", "styles": [{{Styles(16)}}]}""").Styles.Count);
        Assert.Contains("at most 16", Refused($$"""{"content": "inbox/a.jpg", "styles": [{{Styles(17)}}]}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000000")]
    [InlineData("0.25")]
    public void Parse_WeightInRange_Accepted(string weight)
    {
        Assert.Equal(double.Parse(weight, System.Globalization.CultureInfo.InvariantCulture), Parse($$"""{"content": "inbox/a.jpg", "styles": [{"name": "s", "weight": {{weight}}}]}""").Styles[0].Weight);
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1000000.5")]
    [InlineData("\"0.5\"")]
    [InlineData("true")]
    public void Parse_WeightOutOfRange_RefusedNamingTheWeight(string weight)
    {
        var e = Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "s", "weight": {{weight}}}]}""");

        Assert.Contains("styles[0].weight", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"content": "inbox/a.jpg"}""", "\"styles\"")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": []}""", "\"styles\"")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": {"name": "s"}}""", "\"styles\"")]
    [InlineData("""{"styles": [{"name": "s"}]}""", "\"content\"")]
    [InlineData("""{"content": 5, "styles": [{"name": "s"}]}""", "\"content\"")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": ["starry"]}""", "styles[0]")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{}]}""", "styles[0]")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "s", "blob": "inbox/x.png"}]}""", "styles[0]")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "../secret"}]}""", "styles[0].name")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "s"}], "options": [1]}""", "\"options\"")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "s"}], "webhook": 5}""", "\"webhook\"")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"content": """, "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void Parse_Malformed_RefusedSayingWhat(string json, string mentioned)
    {
        var e = Refused(json);

        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Manifest: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongBadPath_QuotesAtMostAboutAHundredCharacters()
    {
        string content = "inbox/../" + new string('x', 5000);

        var e = Refused($$"""{"content": "{{content}}", "styles": [{"name": "s"}]}""");

        Assert.True(e.Message.Length < 400, $"{e.Message.Length} characters: {e.Message}");
    }

    [Fact]
    public void Parse_LongBadOutputAndStyleName_QuoteAtMostAboutAHundredCharacters()
    {
        string name = new('n', 3000);

        Assert.True(Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "{{name}}!"}]}""").Message.Length < 400);
        Assert.True(Refused($$"""{"content": "inbox/a.jpg", "styles": [{"name": "s"}], "output": "outbox/{{name}}.txt"}""").Message.Length < 400);
    }

    [Fact]
    public void Parse_HugeWeight_RefusedAsInvalidManifest()
    {
        var e = Refused("""{"content": "inbox/a.jpg", "styles": [{"name": "s", "weight": 1e400}]}""");

        Assert.Contains("styles[0].weight", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"content": "inbox/a.jpg", "content": "inbox/b.jpg", "styles": [{"name": "s"}]}""")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "s", "name": "t"}]}""")]
    [InlineData("""{"content": "inbox/a.jpg", "styles": [{"name": "s"}], "options": {"iterations": 1, "iterations": 2}}""")]
    public void Parse_DuplicateKey_RefusedAsInvalidManifest(string json)
    {
        JobSubmissionException e = Refused(json);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }
}
