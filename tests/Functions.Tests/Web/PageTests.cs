using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.Web;

/// <summary>
/// The page in real Chromium against the whole local host (API, durable engine, chunks) on Azurite: the form, the
/// style choice and the job cards.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    // Generous for a shared 2-core machine; each test ends as soon as its jobs are done.
    public const float JobTimeoutMs = 60_000;

    [Fact]
    public async Task SubmitLibraryStyle_CardAtOncePreviewChangesResultShows()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Nst:ChunkSeconds"] = "0.05", // one iteration per chunk, so the preview changes
        });
        await host.UploadStyleAsync("swirl");
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=250");
        IPage page = session.Page;

        await Assertions.Expect(page.Locator("#style-name")).ToHaveValueAsync("swirl");
        await Assertions.Expect(page.Locator("#upload-field")).ToBeHiddenAsync();
        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = TestImages.Png(56, 40) });
        await page.GetByLabel("Iterations", new() { Exact = true }).FillAsync("12");
        await page.GetByLabel("Size (px)").FillAsync("48");
        await page.GetByLabel("Optimizer").SelectOptionAsync("adam");
        JsonElement submitted = await PageSession.JobOfAsync(await session.SubmitAsync());
        string id = submitted.GetProperty("id").GetString()!;

        // The card comes from the submission's answer, before any poll.
        ILocator job = session.Job(id);
        await Assertions.Expect(job).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(job.Locator(".job-name")).ToHaveTextAsync("photo.png");
        await Assertions.Expect(page.Locator("#submit-status")).ToContainTextAsync("queued");
        await job.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = JobTimeoutMs });

        string[] previews = await session.PreviewSourcesAsync();
        Assert.True(previews.Length >= 2, $"the preview should change at least once, saw: {string.Join(", ", previews)}");
        Assert.All(previews, src => Assert.StartsWith("blob:", src, StringComparison.Ordinal));
        await Assertions.Expect(job.Locator(".progress-text")).ToHaveTextAsync("iteration 12 / 12");
        await Assertions.Expect(job.Locator(".asked")).ToHaveTextAsync("Asked for 12 iterations · size 48 px");
        await Assertions.Expect(job.Locator("img.result-image")).ToBeVisibleAsync();
        await Assertions.Expect(job.Locator("img.preview")).ToBeHiddenAsync();
        Assert.True(await PageSession.LoadedAsync(job.Locator("img.result-image")), "the result image should have loaded");
        Assert.True(await job.Locator("canvas.loss").IsVisibleAsync(), "the loss curve should be drawn");
        await Assertions.Expect(job.Locator(".losses")).ToContainTextAsync("best");
        ILocator link = job.Locator("a.result");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^blob:"));
        await Assertions.Expect(link).ToHaveAttributeAsync("download", "photo-styled.png");
        await Assertions.Expect(job.Locator(".cancel")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "nothing should overflow 360 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "page-succeeded.png"), FullPage = true });
        string origin = host.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.All(session.Requests, r => Assert.True(r.Url.StartsWith(origin + "/", StringComparison.Ordinal) || r.Url.StartsWith("blob:", StringComparison.Ordinal) || r.Url.StartsWith("data:", StringComparison.Ordinal), $"an external resource: {r.Url}"));
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task Cancel_RunningJob_CancelRequestedThenCancelled()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Nst:ChunkSeconds"] = "0.05",
        });
        await host.UploadStyleAsync("swirl");
        string id = await PageJobs.SubmitAsync(host, "long.png", ("iterations", "2000"), ("size", "32"));
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=250");
        ILocator job = session.Job(id);
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "running", new() { Timeout = JobTimeoutMs });

        await job.GetByRole(AriaRole.Button, new() { Name = "Cancel the job for long.png" }).ClickAsync();
        await Assertions.Expect(job.Locator(".cancel-note")).ToHaveTextAsync("cancel requested", new() { Timeout = 2_000 });
        await Assertions.Expect(job.Locator(".cancel")).ToBeHiddenAsync();
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = JobTimeoutMs });
        await Assertions.Expect(job.Locator(".progress-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^cancelled at iteration \\d+ / 2000$"));
        await Assertions.Expect(job.Locator(".cancel-note")).ToBeHiddenAsync();
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task StyleChoice_ShowsOneInputAndSendsOnlyTheChosenOne()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite);
        await host.UploadStyleAsync("swirl");
        string earlier = await PageJobs.SubmitAsync(host, "earlier.png", ("iterations", "1"), ("size", "32"));

        // A poll interval longer than the test: whatever shows, shows without waiting for a second poll.
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=600000");
        IPage page = session.Page;
        await Assertions.Expect(session.Job(earlier)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByLabel("From the library")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#library-field")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#upload-field")).ToBeHiddenAsync();

        await page.GetByLabel("Upload style images").CheckAsync();
        await Assertions.Expect(page.Locator("#library-field")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("Style images (one or more)")).ToBeVisibleAsync();
        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "upload.png", MimeType = "image/png", Buffer = TestImages.Png(40, 32, 3) });
        await page.Locator("#style-file").SetInputFilesAsync(
        [
            new FilePayload { Name = "stripes.png", MimeType = "image/png", Buffer = TestImages.Style() },
            new FilePayload { Name = "waves.png", MimeType = "image/png", Buffer = TestImages.Png(32, 32, 9) },
        ]);
        await page.GetByLabel("Iterations", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Size (px)").FillAsync("32");
        IRequest uploaded = await session.SubmitAsync();
        Assert.Equal(["content", "style", "style", "iterations", "size"], PageSession.FieldNames(uploaded));
        JsonElement first = await PageSession.JobOfAsync(uploaded);
        Assert.Equal(["stripes.png", "waves.png"], first.GetProperty("styles").EnumerateArray().Select(s => s.GetProperty("fileName").GetString()));
        await Assertions.Expect(session.Job(first.GetProperty("id").GetString()!)).ToBeVisibleAsync(new() { Timeout = 2_000 });

        // Back to the library: the files stay chosen in the hidden input but are not sent.
        await page.GetByLabel("From the library").CheckAsync();
        await Assertions.Expect(page.Locator("#upload-field")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#library-field")).ToBeVisibleAsync();
        IRequest library = await session.SubmitAsync();
        Assert.Equal(["content", "styleName", "iterations", "size"], PageSession.FieldNames(library));
        JsonElement second = await PageSession.JobOfAsync(library);
        Assert.Equal("swirl", Assert.Single(second.GetProperty("styles").EnumerateArray()).GetProperty("name").GetString());
        await Assertions.Expect(session.Job(second.GetProperty("id").GetString()!)).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(session.Jobs).ToHaveCountAsync(3);

        foreach (string id in new[] { earlier, first.GetProperty("id").GetString()!, second.GetProperty("id").GetString()! })
        {
            Assert.Equal("succeeded", (await host.WaitForJobAsync(id)).GetProperty("status").GetString());
        }

        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task Form_DefaultsFromApiOptions_UnchangedFieldsAreNotSent()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite);
        // The library style's own defaults keep the job tiny while the form sends no option at all.
        await host.UploadStyleAsync("tiny");
        await host.UploadAsync("styles", "tiny.json", """{"size": 32, "iterations": 2}"""u8.ToArray());
        JsonElement catalog = await host.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/options", UriKind.Relative));
        var options = catalog.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);

        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=500");
        IPage page = session.Page;
        ILocator size = page.GetByLabel("Size (px)");
        await Assertions.Expect(size).ToHaveValueAsync(options["size"].GetProperty("default").GetString()!);
        await Assertions.Expect(page.GetByLabel("Iterations", new() { Exact = true })).ToHaveValueAsync(options["iterations"].GetProperty("default").GetString()!);
        Assert.Equal(options["size"].GetProperty("help").GetString(), await size.GetAttributeAsync("title"));
        Assert.Equal(options["size"].GetProperty("max").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture), await size.GetAttributeAsync("max"));
        foreach (var (name, option) in options)
        {
            ILocator field = page.Locator($"#opt-{name}");
            await Assertions.Expect(field).ToHaveCountAsync(1);
            string @default = option.GetProperty("default").GetString()!;
            string[] allowed = [.. option.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()!)];
            if (allowed.Length > 0)
            {
                Assert.Equal(allowed.Contains(@default) ? @default : "", await field.InputValueAsync());
            }
            else if (@default is "auto" or "")
            {
                Assert.Equal(option.GetProperty("defaultText").GetString(), await field.GetAttributeAsync("placeholder"));
            }
            else
            {
                Assert.Equal(@default, await field.InputValueAsync());
            }
        }

        // The common options are in view; the rest wait under the collapsed "Advanced".
        foreach (string common in new[] { "iterations", "size", "optimizer", "content-weight", "style-weight", "preserve-colors", "keep" })
        {
            await Assertions.Expect(page.Locator($"#opt-{common}")).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("#opt-tv-weight")).ToBeHiddenAsync();
        await page.GetByText("Advanced").ClickAsync();
        await Assertions.Expect(page.Locator("#opt-tv-weight")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("TV weight")).ToHaveAttributeAsync("placeholder", options["tv-weight"].GetProperty("defaultText").GetString()!);

        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "plain.png", MimeType = "image/png", Buffer = TestImages.Png(40, 40, 5) });
        IRequest request = await session.SubmitAsync();
        Assert.Equal(["content", "styleName"], PageSession.FieldNames(request));
        JsonElement job = await PageSession.JobOfAsync(request);
        Assert.Equal("32", job.GetProperty("options").GetProperty("size").GetString());
        string id = job.GetProperty("id").GetString()!;
        await Assertions.Expect(session.Job(id)).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = JobTimeoutMs });
        output.WriteLine($"size default {options["size"].GetProperty("default")}, iterations default {options["iterations"].GetProperty("default")}");
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }
}
