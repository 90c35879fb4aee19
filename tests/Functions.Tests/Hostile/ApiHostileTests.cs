using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// The HTTP API under hostile calls, with an API key set: the key only in its header, limits refused at once with a
/// JSON error that names the field and quotes little of it, hostile webhook URLs refused at submission (their
/// credentials never echoed or logged), ids that are not job ids, no route to another job's private inputs, and one
/// unreadable record that does not break the list. Every refused call writes nothing anywhere.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiHostileTests(AzuriteFixture azurite, ApiHost fixture) : IClassFixture<ApiHost>
{
    private static readonly byte[] Photo = TestImages.Png(48, 36, 12);

    [Theory]
    [InlineData("GET", "/api/jobs", "none")]
    [InlineData("POST", "/api/jobs", "none")]
    [InlineData("GET", "/api/jobs/{victim}/result", "none")]
    [InlineData("POST", "/api/jobs/{victim}/cancel", "none")]
    [InlineData("GET", "/api/nosuchroute", "none")]
    [InlineData("GET", "/api/jobs", "query")]
    [InlineData("GET", "/api/jobs/{victim}/result", "query")]
    [InlineData("GET", "/api/jobs/{victim}", "wrong")]
    [InlineData("GET", "/api/jobs/{victim}", "case")]
    [InlineData("GET", "/api/jobs/{victim}/preview", "bearer")]
    public async Task Api_WithoutTheKeyInItsHeader_Is401(string method, string path, string how)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        path = path.Replace("{victim}", fixture.VictimJob, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), how == "query" ? $"{path}?code={ApiHost.Key}" : path);
        if (method == "POST") request.Content = Forms.Job(Photo, ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "1"));
        if (how == "wrong") request.Headers.Add("x-api-key", ApiHost.Key + "x");
        if (how == "case") request.Headers.Add("x-api-key", ApiHost.Key.ToUpperInvariant());
        if (how == "bearer") request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiHost.Key);

        using HttpResponseMessage response = await fixture.Anonymous.SendAsync(request);

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", error.GetProperty("code").GetString());
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Theory]
    [InlineData("size", "100000", "invalid_options", "size")]
    [InlineData("size", "4097", "invalid_options", "size must be between 0 and 4096")]
    [InlineData("size", "-5", "invalid_options", "size")]
    [InlineData("size", "1000", "invalid_options", "pixels")]
    [InlineData("scales", "48,1000", "invalid_options", "pixels")]
    [InlineData("style_scale", "8", "invalid_options", "style_scale makes style image 1")]
    [InlineData("iterations", "1000000000", "invalid_options", "iterations")]
    [InlineData("iterations", "30001", "invalid_options", "iterations")]
    [InlineData("scales", "99", "invalid_options", "scales")]
    [InlineData("style_weight", "NaN", "invalid_options", "style_weight")]
    [InlineData("bogus", "1", "invalid_options", "bogus is not an option here; the options are: ")]
    [InlineData("styleName", "nosuchstyle", "unknown_style", "nosuchstyle")]
    [InlineData("styleName", "../jobs/x", "unknown_style", "is not a style name")]
    public async Task Submit_OptionOutOfBounds_Is400NamingTheFieldAndWritesNothing(string field, string value, string code, string fragment)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        var fields = new List<(string, string)> { ("size", "48"), ("iterations", "1") };
        fields.RemoveAll(f => f.Item1 == field);
        if (field != "styleName") fields.Add(("styleName", InboxHost.Style));
        fields.Add((field, value));

        using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, [.. fields]));

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(fragment, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        if (field == "bogus") Assert.Contains("iterations", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Fact]
    public async Task Submit_ContentTooNarrowForAnySize_Is400InvalidImage()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        // 2,000 pixels, within every limit; but its short side kept at 16 px makes a 32000x16 result.
        using HttpResponseMessage response = await PostAsync(host, Forms.Job(TestImages.Png(2000, 1), ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "1")));

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_image", error.GetProperty("code").GetString());
        Assert.Contains("too narrow", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Fact]
    public async Task Submit_StyleNameThatIsAPathToAnotherJobsReport_IsUnknownStyleWithoutReadingIt()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        // styles/{name}.json is read for a library style's defaults: this name would read outbox/api/{victim}.json.
        string name = $"../{host.Prefix}outbox/api/{fixture.VictimJob}";
        using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, ("styleName", name), ("size", "48"), ("iterations", "1")));

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("unknown_style", error.GetProperty("code").GetString());
        Assert.DoesNotContain("jobId", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Fact]
    public async Task Submit_TooManyFormFields_Is400TooManyFields()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        var fields = Enumerable.Range(0, 100).Select(i => ($"f{i}", "1")).ToArray();

        using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, fields));

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("too_many_fields", error.GetProperty("code").GetString());
        Assert.DoesNotContain("MB", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Theory]
    [InlineData("iterations")]
    [InlineData("webhook")]
    [InlineData("styleName")]
    public async Task Submit_FiveMegabyteField_Is400QuotingAtMostAHundredCharacters(string field)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        string huge = new('7', 5 * 1024 * 1024);

        using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, ("styleName", InboxHost.Style), (field, huge)));

        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.Length < 2000, $"the reply should quote little of the field, got {body.Length} characters");
        Assert.DoesNotContain(new string('7', 101), body, StringComparison.Ordinal);
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Fact]
    public async Task Submit_BodyOverTheUploadLimit_Is413()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        using HttpResponseMessage response = await PostAsync(host, Forms.Job(new byte[ApiHost.MaxUploadBytes + 1024], ("styleName", InboxHost.Style)));

        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("too_large", error.GetProperty("code").GetString());
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Fact]
    public async Task Submit_NotAForm_Is400()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        using HttpResponseMessage response = await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), JsonContent.Create(new { content = "inbox/../jobs/x", styleName = "mosaic" }));
        Assert.Equal("invalid_options", (await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("limit=99999999999")]
    [InlineData("limit=abc")]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=1e3")]
    [InlineData("page=LONG")]
    public async Task List_BadQuery_IsJson400(string query)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        query = query.Replace("LONG", new string('a', 5000), StringComparison.Ordinal);
        using HttpResponseMessage response = await host.Http.GetAsync(new Uri("/api/jobs?" + query, UriKind.Relative));
        Assert.Equal("bad_request", (await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook", "Private")]
    [InlineData("http://127.0.0.1:9/hook", "Loopback")]
    [InlineData("http://localhost:9/hook", "Loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "LinkLocal")]
    [InlineData("http://[::1]/hook", "Loopback")]
    [InlineData("http://[fd00::1]/hook", "Private")]
    [InlineData("http://0.0.0.0/hook", "Unspecified")]
    [InlineData("http://100.64.0.1/hook", "SharedAddressSpace")]
    [InlineData("http://2130706433/hook", "Loopback")]
    [InlineData("ftp://example.com/hook", "http(s)")]
    [InlineData("javascript:alert(1)", "http(s)")]
    [InlineData("https://user:" + HostileHost.Password + "@example.com/hook", "credentials")]
    [InlineData("http://user:" + HostileHost.Password + "@127.0.0.1/hook", "credentials")]
    [InlineData("ftp://user:" + HostileHost.Password + "@example.com/", "http(s)")]
    public async Task Submit_HostileWebhook_Is400InvalidWebhookAndItsCredentialsGoNowhere(string url, string fragment)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "1"), ("webhook", url)));

        string body = await response.Content.ReadAsStringAsync();
        JsonElement error = await ApiHost.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_webhook", error.GetProperty("code").GetString());
        Assert.Contains(fragment, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(HostileHost.Password, body, StringComparison.Ordinal);
        fixture.AssertPasswordNeverLogged();
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before);
    }

    [Theory]
    [InlineData("/api/jobs/not-a-job")]
    [InlineData("/api/jobs/..%2f..%2fstyles")]
    [InlineData("/api/jobs/..%2F..%2Fstyles%2Fmosaic.png/result")]
    [InlineData("/api/jobs/%2e%2e/preview")]
    [InlineData("/api/jobs/7zzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("/api/jobs/7zzzzzzzzzzzzzzzzzzzzzzzzz/result")]
    [InlineData("/api/jobs/7zzzzzzzzzzzzzzzzzzzzzzzzz/cancel")]
    public async Task Job_IdThatIsNotAJob_IsJson404(string path)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        using var request = new HttpRequestMessage(path.EndsWith("/cancel", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        using HttpResponseMessage response = await host.Http.SendAsync(request);
        Assert.Equal("not_found", (await ApiHost.ErrorAsync(response, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Job_PrivateInputs_NoRouteHandsThemOut()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        string victim = fixture.VictimJob;
        var inputs = new List<byte[]>();
        await foreach (var blob in host.Storage.Container("jobs").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{victim}/input/", CancellationToken.None))
        {
            inputs.Add((await host.Storage.Container("jobs").GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
        }

        Assert.Equal(2, inputs.Count);
        string[] paths =
        [
            $"/api/jobs/{victim}/result",
            $"/api/jobs/{victim}/preview",
            $"/api/jobs/{victim}/input/content.png",
            $"/api/jobs/{victim}%2Finput%2Fcontent.png/result",
            $"/api/jobs/{victim}/result/../input/content.png",
            $"/api/jobs/{victim}/../../../jobs/{victim}/input/content.png",
            $"/api/jobs/{victim}/preview/..%2Finput%2Fcontent.png",
            $"/jobs/{victim}/input/content.png",
            $"/{host.Prefix}jobs/{victim}/input/content.png",
        ];
        foreach (string path in paths)
        {
            // Sent as written: no client-side resolution of dot segments.
            var uri = new Uri(host.Http.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using HttpResponseMessage response = await host.Http.GetAsync(uri);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Assert.DoesNotContain(inputs, input => input.AsSpan().SequenceEqual(body));
        }
    }

    [Fact]
    public async Task List_UnreadableRecords_AreShownAsSuchAndTheRestListed()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        string notAnInput = JobId.New(DateTimeOffset.UtcNow);
        string wrongShape = JobId.New(DateTimeOffset.UtcNow);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("StyleJob", "not a job", new StartOrchestrationOptions(notAnInput));
        await host.Client.ScheduleNewOrchestrationInstanceAsync("StyleJob", new { id = 5, spec = new[] { 1, 2 } }, new StartOrchestrationOptions(wrongShape));
        await host.Client.WaitForInstanceCompletionAsync(notAnInput);
        await host.Client.WaitForInstanceCompletionAsync(wrongShape);

        using HttpResponseMessage list = await host.Http.GetAsync(new Uri("/api/jobs?limit=100", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        JsonElement jobs = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobs");
        string Status(string id) => jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == id).GetProperty("status").GetString()!;
        Assert.Equal("unreadable", Status(notAnInput));
        Assert.Equal("unreadable", Status(wrongShape));
        Assert.Equal("succeeded", Status(fixture.VictimJob));

        Assert.Equal("unreadable", (await host.JobAsync(notAnInput))?.GetProperty("status").GetString());
        using HttpResponseMessage result = await host.Http.GetAsync(new Uri($"/api/jobs/{notAnInput}/result", UriKind.Relative));
        Assert.Equal("no_result", (await ApiHost.ErrorAsync(result, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        using HttpResponseMessage cancel = await host.Http.PostAsync(new Uri($"/api/jobs/{wrongShape}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Fact]
    public async Task Submit_SameInputsTwice_GetsUnrelatedUnguessableIds()
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        var ids = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage response = await PostAsync(host, Forms.Job(Photo, ("styleName", InboxHost.Style), ("size", "32"), ("iterations", "1")));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        // 26 characters: 10 of time, then 16 (80 bits) random.
        Assert.All(ids, id => Assert.True(JobId.IsValid(id)));
        Assert.NotEqual(ids[0][10..], ids[1][10..]);
        Assert.True(ids[0][10..].Zip(ids[1][10..]).Count(p => p.First != p.Second) >= 8, $"the random parts should be unrelated: {ids[0]} {ids[1]}");
        foreach (string id in ids)
        {
            await fixture.WaitSettledAsync(id);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(TestAppHost host, MultipartFormDataContent form)
    {
        using (form)
        {
            return await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form);
        }
    }
}
