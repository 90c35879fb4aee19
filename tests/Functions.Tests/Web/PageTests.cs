using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nst.Functions.Hosting;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Api;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Web;

/// <summary>The page in real Chromium against the whole local host (API, queue listeners, chunk chain) on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageTests(AzuriteFixture azurite)
{
    // Generous: the job runs for real on a shared 2-core machine; the test ends as soon as it succeeds.
    private const float JobTimeoutMs = 180_000;

    // Records every src the page gives a preview image, so a change between two polls is never missed.
    private const string PreviewRecorder = """
        window.__previewSrcs = [];
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.target.classList && r.target.classList.contains('preview') && r.target.src) window.__previewSrcs.push(r.target.src);
          }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['src'] });
        """;

    [Fact]
    public async Task SubmitForm_SmallJob_PreviewChangesAndJobSucceeds()
    {
        await using var app = await StartLocalHostAsync(new Dictionary<string, string?>
        {
            ["Nst:Model"] = "random:1",
            ["Nst:ChunkSeconds"] = "0.05", // one iteration per chunk, so the preview changes
        });
        await app.Resources.Blobs.UploadAsync(app.Resources.Container(PipelineNames.StylesContainer), "swirl.png", BinaryData.FromBytes(TestImages.Png(40, 40, seed: 7)));
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add(e);
        await page.AddInitScriptAsync(PreviewRecorder);

        // Fast polling and a dozen one-iteration chunks, so the preview is seen changing however fast chunks run.
        await page.GotoAsync(new Uri(app.BaseAddress, "/?poll=250").ToString());
        await Assertions.Expect(page.Locator("#style-name")).ToHaveValueAsync("swirl");
        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = TestImages.Png(56, 40) });
        await page.GetByLabel("Iterations").FillAsync("12");
        await page.GetByLabel("Size (px)").FillAsync("48");
        await page.GetByLabel("Optimizer").SelectOptionAsync("adam");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stylise" }).ClickAsync();

        ILocator job = page.Locator("li.job").First;
        await Assertions.Expect(page.Locator("#submit-status")).ToContainTextAsync("queued");
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = JobTimeoutMs });

        string[] srcs = await page.EvaluateAsync<string[]>("() => [...new Set(window.__previewSrcs)]");
        Assert.True(srcs.Length >= 2, $"the preview should change at least once, saw: {string.Join(", ", srcs)}");
        await Assertions.Expect(job.Locator(".progress-text")).ToHaveTextAsync("iteration 12 / 12");
        Assert.True(await job.Locator("img.preview").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the preview image should have loaded");
        Assert.True(await job.Locator("canvas.loss").IsVisibleAsync(), "the loss curve should be drawn");
        string? href = await job.Locator("a.result").GetAttributeAsync("href");
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var result = await http.GetAsync(href!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("image/png", result.Content.Headers.ContentType?.MediaType);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "page-succeeded.png"), FullPage = true });
        Assert.Empty(problems);
    }

    private async Task<LocalHost> StartLocalHostAsync(Dictionary<string, string?> settings)
    {
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Nst:NamePrefix"] = ApiTestHost.NewPrefix();
        settings["urls"] = "http://127.0.0.1:0";
        WebApplication app = NstApp.Build([], settings);
        var resources = app.Services.GetRequiredService<PipelineResources>();
        await resources.EnsureCreatedAsync();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalHost(app, new Uri(address + "/"), resources);
    }

    private sealed record LocalHost(WebApplication App, Uri BaseAddress, PipelineResources Resources) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
