using Microsoft.Playwright;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Web;

/// <summary>The page against a host with an API key: the key is asked for once and travels only in a header.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageKeyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ApiKey_AskedAfter401_SentOnlyInTheHeader_ImagesLoad()
    {
        string key = "pk-" + Guid.NewGuid().ToString("N");
        await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Nst:ApiKey"] = key,
            ["Nst:ChunkSeconds"] = "0.05",
        });
        host.Http.DefaultRequestHeaders.Add("x-api-key", key);
        await host.UploadStyleAsync("swirl");
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=250");
        IPage page = session.Page;

        await Assertions.Expect(page.Locator("#key-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#jobs-status")).ToContainTextAsync("API key");

        // A wrong key is answered 401 again: the page says so and asks again.
        string wrong = "wrong-" + Guid.NewGuid().ToString("N");
        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-note")).ToContainTextAsync("did not accept");
        await Assertions.Expect(page.Locator("#key-panel")).ToBeVisibleAsync();

        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(key);
        int beforeKey = session.Requests.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-panel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#style-name")).ToHaveValueAsync("swirl");
        await Assertions.Expect(page.GetByLabel("Size (px)")).ToBeVisibleAsync();

        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "keyed.png", MimeType = "image/png", Buffer = TestImages.Png(48, 40, 2) });
        await page.GetByLabel("Iterations", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("Size (px)").FillAsync("48");
        string id = (await PageSession.JobOfAsync(await session.SubmitAsync())).GetProperty("id").GetString()!;
        ILocator job = session.Job(id);
        await job.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = PageTests.JobTimeoutMs });
        await Assertions.Expect(job.Locator("img.result-image")).ToBeVisibleAsync();
        Assert.True(await PageSession.LoadedAsync(job.Locator("img.result-image")), "the result should load with the key in a header");
        Assert.NotEmpty(await session.PreviewSourcesAsync());

        // Over the whole test: no URL holds the key; every API call after the key was given carries it in the header.
        var requests = session.Requests.ToArray();
        Assert.All(requests, r => Assert.DoesNotContain(key, r.Url, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain(wrong, r.Url, StringComparison.Ordinal));
        var api = requests.Skip(beforeKey).Where(r => new Uri(r.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)).ToArray();
        Assert.Contains(api, r => new Uri(r.Url).AbsolutePath.EndsWith("/preview", StringComparison.Ordinal));
        Assert.Contains(api, r => new Uri(r.Url).AbsolutePath.EndsWith("/result", StringComparison.Ordinal));
        Assert.All(api, r => Assert.Equal(key, r.Headers.GetValueOrDefault("x-api-key")));
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('nst.apiKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('nst.apiKey')"));
        Assert.Equal("no-referrer", await page.Locator("meta[name=referrer]").GetAttributeAsync("content"));
        Assert.Empty(session.PageErrors);
        // Chromium logs the expected 401s (no key, then the wrong one); nothing else.
        Assert.All(session.ConsoleErrors, e => Assert.Contains("401", e, StringComparison.Ordinal));
    }
}
