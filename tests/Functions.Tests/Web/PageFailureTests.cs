using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nst.Functions.Tests.EndToEnd;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;

namespace Nst.Functions.Tests.Web;

/// <summary>What the page shows when things go wrong: refused submissions, failed jobs, their webhooks.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageFailureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Submit_Refused_ShowsTheServersMessageAtTheField()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite);
        await host.UploadStyleAsync("swirl");
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=500");
        IPage page = session.Page;
        await Assertions.Expect(page.Locator("#style-name")).ToHaveValueAsync("swirl");

        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "broken.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8] });
        IRequest corrupt = await session.SubmitAsync();
        Assert.Equal(400, (await corrupt.ResponseAsync())!.Status);
        ILocator error = page.Locator("#submit-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("invalid_image");
        await Assertions.Expect(error).ToContainTextAsync("content image 'broken.png'");
        await Assertions.Expect(page.Locator("#content")).ToHaveAttributeAsync("aria-invalid", "true");

        // A bad option: the server names it, and the page marks that field.
        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "fine.png", MimeType = "image/png", Buffer = TestImages.Png(40, 40) });
        await page.GetByLabel("Size (px)").FillAsync("99999999");
        IRequest tooBig = await session.SubmitAsync();
        Assert.Equal(400, (await tooBig.ResponseAsync())!.Status);
        await Assertions.Expect(error).ToContainTextAsync("invalid_options");
        await Assertions.Expect(error).ToContainTextAsync(new Regex("^Not submitted \\(invalid_options\\): size "));
        await Assertions.Expect(page.GetByLabel("Size (px)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#content")).Not.ToHaveAttributeAsync("aria-invalid", "true");

        await Assertions.Expect(session.Jobs).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#jobs-status")).ToHaveTextAsync("No jobs yet — submit one above.");
        Assert.Empty(session.PageErrors);
        Assert.All(session.ConsoleErrors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedJobs_ShowCodeIterationsAskedForAndWebhook()
    {
        using var receiver = new WebhookReceiver { Status = HttpStatusCode.InternalServerError };
        await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            // Every chunk fails at once: the weights are not there, and one attempt is all a chunk gets.
            ["Nst:Model"] = "models/missing.safetensors",
            ["Nst:MaxChunkAttempts"] = "1",
            ["Nst:Webhook:Url"] = receiver.Url,
            ["Nst:Webhook:AllowPrivateNetworks"] = "true",
            ["Nst:Webhook:InitialBackoff"] = "00:00:01",
        });
        await host.UploadStyleAsync("swirl");
        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=250");
        IPage page = session.Page;

        await Assertions.Expect(page.Locator("#style-name")).ToHaveValueAsync("swirl");
        await page.Locator("#content").SetInputFilesAsync(new FilePayload { Name = "doomed.png", MimeType = "image/png", Buffer = TestImages.Png(40, 40) });
        await page.GetByLabel("Iterations", new() { Exact = true }).FillAsync("7");
        await page.GetByLabel("Size (px)").FillAsync("32");
        string id = (await PageSession.JobOfAsync(await session.SubmitAsync())).GetProperty("id").GetString()!;
        ILocator job = session.Job(id);
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = PageTests.JobTimeoutMs });
        await Assertions.Expect(job.Locator(".error")).ToContainTextAsync("chunk_failed: ");
        await Assertions.Expect(job.Locator(".asked")).ToHaveTextAsync("Asked for 7 iterations · size 32 px");
        await Assertions.Expect(job.Locator(".progress-text")).ToHaveTextAsync("failed at iteration 0 / 7");
        await Assertions.Expect(job.Locator(".cancel")).ToBeHiddenAsync();

        // The operator's webhook answers 500 at first: pending, with its attempts and last error; then delivered.
        ILocator webhook = job.Locator(".webhook");
        await Assertions.Expect(webhook).ToContainTextAsync(new Regex("^Webhook pending: \\d+ attempts? so far, next at .+: .+"), new() { Timeout = PageTests.JobTimeoutMs });
        receiver.Status = HttpStatusCode.OK;
        await Assertions.Expect(webhook).ToContainTextAsync($"Webhook delivered to {receiver.Url}", new() { Timeout = PageTests.JobTimeoutMs });

        // A drop whose style is not in the library fails when it is made: its real name, where it came from, the code.
        string dropped = await host.DropAsync("nosuch/holiday.png", TestImages.Png(40, 40, 4), DropJobs.Small(7));
        JsonElement failed = await host.WaitForJobAsync(dropped);
        ILocator drop = session.Job(dropped);
        await Assertions.Expect(drop).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = PageTests.JobTimeoutMs });
        await Assertions.Expect(drop.Locator(".job-name")).ToHaveTextAsync("holiday.png");
        await Assertions.Expect(drop.Locator(".job-source")).ToContainTextAsync("dropped as inbox/nosuch/holiday.png");
        await Assertions.Expect(drop.Locator(".image-caption")).ToHaveTextAsync("no image");
        await Assertions.Expect(drop.Locator(".error")).ToContainTextAsync("unknown_style: Style 'nosuch' is not in the style library");
        // The iterations the job's record says it asked for (see the report: a drop refused while it is made keeps the pipeline's defaults).
        string asked = failed.GetProperty("options").GetProperty("iterations").GetString()!;
        await Assertions.Expect(drop.Locator(".asked")).ToContainTextAsync($"Asked for {asked} iterations");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "page-failed.png"), FullPage = true });
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }
}
