using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class JobsApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Submit_ContentAndStyleFiles_Returns202WithLocationAndCreatesJobJson()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        using var form = Form(content: TestImages.Png(24, 16), style: TestImages.Jpeg(20, 20, seed: 3), fields: new() { ["iterations"] = "7", ["size"] = "32", ["optimizer"] = "adam" });

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await JsonAsync(response);
        string id = job["id"]!.GetValue<string>();
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", job["status"]!.GetValue<string>());
        Assert.Equal(7, job["options"]!["iterations"]!.AsArray().Single()!.GetValue<int>());
        Assert.Equal(32, job["options"]!["size"]!.GetValue<int>());
        var stored = await host.Resources.Blobs.GetPropertiesAsync(host.Resources.Container(PipelineNames.JobsContainer), $"{id}/job.json");
        Assert.NotNull(stored);
        var chunk = await host.Resources.Queue(PipelineNames.ChunksQueue).ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30));
        Assert.Contains(id, chunk.Single().Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_LibraryStyleName_ReferencesTheLibraryBlob()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        await host.Resources.Blobs.UploadAsync(host.Resources.Container(PipelineNames.StylesContainer), "mosaic.png", BinaryData.FromBytes(TestImages.Png(16, 16, 5)));
        using var form = Form(content: TestImages.Png(16, 16), styleName: "mosaic");

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await JsonAsync(response);
        var style = job["styles"]!.AsArray().Single()!;
        Assert.Equal("mosaic", style["name"]!.GetValue<string>());
        Assert.Equal("styles/mosaic.png", style["blob"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_BadOptionValue_Returns400WithErrorJson()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        using var form = Form(content: TestImages.Png(16, 16), style: TestImages.Png(16, 16, 1), fields: new() { ["optimizer"] = "sgd" });

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonAsync(response))["error"]!;
        Assert.Equal(JobErrorCodes.InvalidOptions, error["code"]!.GetValue<string>());
        Assert.Contains("optimizer", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownStyleName_Returns400UnknownStyle()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        using var form = Form(content: TestImages.Png(16, 16), styleName: "nowhere");

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(JobErrorCodes.UnknownStyle, (await JsonAsync(response))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_NoContentFile_Returns400NamingTheField()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        using var form = new MultipartFormDataContent { { new StringContent("starry"), "styleName" } };

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'content'", (await JsonAsync(response))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BodyAboveMaxUploadBytes_Returns413()
    {
        await using var host = await ApiTestHost.StartAsync(azurite, new Dictionary<string, string?> { ["Nst:MaxUploadBytes"] = "4096" });
        using var form = Form(content: new byte[10_000], style: TestImages.Png(16, 16));

        using var response = await host.Client.PostAsync("api/jobs", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_large", (await JsonAsync(response))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetJob_AfterSubmit_ReturnsTheSameJob()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        string id = await SubmitAsync(host);

        using var response = await host.Client.GetAsync($"api/jobs/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, (await JsonAsync(response))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("api/jobs/0000000000000000000000zzzz")]
    [InlineData("api/jobs/not-an-id")]
    [InlineData("api/jobs/0000000000000000000000zzzz/result")]
    [InlineData("api/jobs/0000000000000000000000zzzz/preview")]
    [InlineData("api/nothing/here")]
    public async Task Get_UnknownJobOrRoute_Returns404ErrorJson(string path)
    {
        await using var host = await ApiTestHost.StartAsync(azurite);

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await JsonAsync(response))["error"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Result_QueuedJob_Returns404NoResultYet_AndPreview404()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        string id = await SubmitAsync(host);

        using var result = await host.Client.GetAsync($"api/jobs/{id}/result");
        using var preview = await host.Client.GetAsync($"api/jobs/{id}/preview");

        Assert.Equal(HttpStatusCode.NotFound, result.StatusCode);
        Assert.Equal("no_result", (await JsonAsync(result))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
    }

    [Fact]
    public async Task Cancel_QueuedJob_Returns202Cancelled_ThenResultIs409()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        string id = await SubmitAsync(host);

        using var cancel = await host.Client.PostAsync($"api/jobs/{id}/cancel", null);
        using var result = await host.Client.GetAsync($"api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await JsonAsync(cancel))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        Assert.Contains("cancelled", (await JsonAsync(result))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ThreeJobs_NewestFirstAndLimitApplies()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add(await SubmitAsync(host));
            await Task.Delay(5); // ids carry milliseconds: keep their order unambiguous
        }

        using var all = await host.Client.GetAsync("api/jobs");
        using var two = await host.Client.GetAsync("api/jobs?limit=2");

        var listed = (await JsonAsync(all))["jobs"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(listed.Take(2), (await JsonAsync(two))["jobs"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Styles_LibraryWithImagesAndJson_ListsEachImageNameOnce()
    {
        await using var host = await ApiTestHost.StartAsync(azurite);
        string styles = host.Resources.Container(PipelineNames.StylesContainer);
        foreach (string name in new[] { "starry.jpg", "starry.json", "brick.png", "brick.webp", "notes.txt" })
        {
            await host.Resources.Blobs.UploadAsync(styles, name, BinaryData.FromString("x"));
        }

        using var response = await host.Client.GetAsync("api/styles");

        var names = (await JsonAsync(response))["styles"]!.AsArray().Select(s => s!["name"]!.GetValue<string>());
        Assert.Equal(["brick", "starry"], names);
    }

    internal static MultipartFormDataContent Form(byte[] content, byte[]? style = null, string? styleName = null, Dictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        form.Add(File(content), "content", "photo.png");
        if (style is not null) form.Add(File(style), "style", "style.png");
        if (styleName is not null) form.Add(new StringContent(styleName), "styleName");
        foreach (var (key, value) in fields ?? [])
        {
            form.Add(new StringContent(value), key);
        }

        return form;
    }

    internal static async Task<string> SubmitAsync(ApiTestHost host)
    {
        using var form = Form(content: TestImages.Png(16, 16), style: TestImages.Png(16, 16, 9), fields: new() { ["iterations"] = "2" });
        using var response = await host.Client.PostAsync("api/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await JsonAsync(response))["id"]!.GetValue<string>();
    }

    internal static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static ByteArrayContent File(byte[] bytes)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }
}
