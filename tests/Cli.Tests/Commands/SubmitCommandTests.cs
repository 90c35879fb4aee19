using System.CommandLine;
using System.Net;
using Nst.Cli.Api;
using Nst.Cli.Commands;
using Nst.Cli.Tests.Api;
using Nst.Engine;

namespace Nst.Cli.Tests.Commands;

public sealed class SubmitCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nst-submit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_AllOptions_NoErrors()
    {
        ParseResult parse = SubmitCommand.Create().Parse(["photo.jpg", "--style", "starry", "--style", "b.png", "--iterations", "5", "--size", "64", "--option", "seed=3", "--wait", "--output", "o.jpg", "--server", "http://h:1"]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public void Parse_NoStyle_IsAnError()
    {
        ParseResult parse = SubmitCommand.Create().Parse(["photo.jpg"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--style", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildRequest_ExistingFileAndName_UploadsTheFileAndNamesTheOther()
    {
        string photo = Touch("photo.jpg");
        string style = Touch("mine.png");

        JobSubmitRequest request = SubmitCommand.BuildRequest(photo, [style, "starry"], iterations: 5, size: null, ["Style-Weight=1e4", "webhook=https://h/x"]);

        Assert.Equal([style], request.StyleFiles);
        Assert.Equal(["starry"], request.StyleNames);
        Assert.Equal([new("iterations", "5"), new("style_weight", "1e4"), new("webhook", "https://h/x")], request.Fields);
    }

    [Fact]
    public void BuildRequest_OptionKeysInAnySpelling_BecomeTheCatalogsFieldNames()
    {
        string photo = Touch("photo.jpg");

        JobSubmitRequest request = SubmitCommand.BuildRequest(photo, ["starry"], iterations: null, size: null, ["styleWeight=1e4", "tv-power=2", "LINE_SEARCH=strong-wolfe"]);

        Assert.Equal([new("style_weight", "1e4"), new("tv_power", "2"), new("line_search", "strong-wolfe")], request.Fields);
    }

    [Theory]
    [InlineData("nope.png", "--style 'nope.png' is neither an existing file nor a style name")]
    [InlineData("dir/starry", "--style 'dir/starry' is neither an existing file nor a style name")]
    public void BuildRequest_StyleThatIsNeitherFileNorName_OneLineError(string style, string expected)
    {
        var e = Assert.Throws<NstException>(() => SubmitCommand.BuildRequest(Touch("p.jpg"), [style], null, null, []));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildRequest_OptionWithoutValue_OneLineError()
    {
        var e = Assert.Throws<NstException>(() => SubmitCommand.BuildRequest(Touch("p.jpg"), ["starry"], null, null, ["seed"]));
        Assert.Equal("--option takes key=value, got 'seed'.", e.Message);
    }

    [Fact]
    public void BuildRequest_MissingPhoto_OneLineError()
    {
        var e = Assert.Throws<NstException>(() => SubmitCommand.BuildRequest(Path.Combine(_dir, "none.jpg"), ["starry"], null, null, []));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Wait_SendsMultipartPollsToTheEndAndSavesTheResult()
    {
        string photo = Touch("photo.jpg");
        int polls = 0;
        using var server = new FakeServer((request, _) => request.RequestUri!.AbsolutePath switch
        {
            "/api/jobs" => FakeServer.Json("""{"id":"j1","status":"queued"}""", HttpStatusCode.Accepted),
            "/api/jobs/j1" => FakeServer.Json(++polls < 3
                ? """{"id":"j1","status":"running","progress":{"iteration":2,"iterations":4,"scales":1,"losses":{"total":12.5}}}"""
                : """{"id":"j1","status":"succeeded","progress":{"iteration":4,"iterations":4,"scales":1}}"""),
            "/api/jobs/j1/result" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) },
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
        using var client = new NstApiClient(new Uri("http://nst.test/"), null, server);
        var request = SubmitCommand.BuildRequest(photo, ["starry"], 4, 48, []);
        var output = new StringWriter();
        var log = new StringWriter();
        string result = Path.Combine(_dir, "out", "styled.jpg");

        int code = await SubmitCommand.RunAsync(client, request, wait: true, result, output, log, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal("j1", output.ToString().Trim());
        Assert.Equal([1, 2, 3], File.ReadAllBytes(result));
        Assert.Contains("nst: running: iteration 2/4, loss 12.5", log.ToString(), StringComparison.Ordinal);
        string form = server.Requests[0].Body;
        Assert.Contains("name=content; filename=photo.jpg", form, StringComparison.Ordinal);
        Assert.Contains("name=styleName", form, StringComparison.Ordinal);
        Assert.Contains("name=iterations", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WaitJobFails_ThrowsWithTheJobsError()
    {
        using var server = new FakeServer((request, _) => request.Method == HttpMethod.Post
            ? FakeServer.Json("""{"id":"j2","status":"queued"}""", HttpStatusCode.Accepted)
            : FakeServer.Json("""{"id":"j2","status":"failed","error":{"code":"invalid_image","message":"content is not an image."}}"""));
        using var client = new NstApiClient(new Uri("http://nst.test/"), null, server);
        var request = SubmitCommand.BuildRequest(Touch("p.jpg"), ["starry"], null, null, []);

        var e = await Assert.ThrowsAsync<NstException>(() => SubmitCommand.RunAsync(client, request, true, null, TextWriter.Null, TextWriter.Null, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal("job j2 failed: content is not an image.", e.Message);
    }

    private string Touch(string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [0xff, 0xd8]);
        return path;
    }
}
