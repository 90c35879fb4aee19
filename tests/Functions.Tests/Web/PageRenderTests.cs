using System.Text.Json;
using Microsoft.Playwright;
using Nst.Engine.Session.Options;
using Nst.Functions.Api;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Web;

/// <summary>
/// The job cards for states a short real run seldom reaches (a webhook refused or given up, a second scale, a cancel
/// on its way), from jobs written by the API's own types and served by Playwright routes: no host, a second or two.
/// </summary>
public sealed class PageRenderTests
{
    private static readonly Uri Origin = new("http://page.test/");

    [Fact]
    public async Task JobCards_WebhookStatesScalesAndCancelRequested_Rendered()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        JobView refused = Job("refused.png", now, new JobState
        {
            Status = JobStatus.Succeeded,
            Progress = new JobProgress { Iteration = 10, Iterations = 10, Chunk = 2, Preview = "p", Best = new JobHistoryPoint(9, 0.25), Final = new JobHistoryPoint(10, 0.26) },
            Webhook = new JobWebhookState { Url = "http://10.0.0.5/hook", State = WebhookStates.Refused, LastError = "10.0.0.5 is a private address" },
        });
        JobView gaveUp = Job("gave-up.png", now, new JobState
        {
            Status = JobStatus.Cancelled,
            CancelRequested = true,
            Progress = new JobProgress { Iteration = 4, Iterations = 10 },
            Webhook = new JobWebhookState { Url = "https://hooks.example.com/nst", State = WebhookStates.Failed, Attempts = 20, LastError = "HTTP 500" },
        });
        JobView scaling = Job("scaling.png", now, new JobState
        {
            Status = JobStatus.Running,
            CancelRequested = true,
            Progress = new JobProgress
            {
                Chunk = 3, Scale = 1, Scales = 2, Iteration = 150, Iterations = 400, Preview = "p",
                History = [new JobHistoryPoint(1, 9.5), new JobHistoryPoint(50, 2.5), new JobHistoryPoint(150, 0.75)],
                Best = new JobHistoryPoint(150, 0.75),
                Losses = new JobLosses { Content = 0.5, Style = 0.25, Tv = 0, Total = 0.75 },
            },
        }, new Dictionary<string, string>(JobOptions.DefaultsDescribed) { ["iterations"] = "100,300", ["size"] = "64" });

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = PageSession.Width, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add(e);
        await page.RouteAsync("**/*", route => Serve(route, [refused, gaveUp, scaling]));
        await page.GotoAsync(new Uri(Origin, "/?poll=600000").ToString());

        ILocator refusedCard = page.Locator($"li.job[data-id='{refused.Id}']");
        await Assertions.Expect(refusedCard.Locator(".webhook")).ToHaveTextAsync("Webhook refused: 10.0.0.5 is a private address.");
        await Assertions.Expect(refusedCard.Locator(".webhook")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("webhook-refused"));
        await Assertions.Expect(refusedCard.Locator(".losses")).ToHaveTextAsync("best 0.250 at iteration 9 · final 0.260");
        await refusedCard.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(refusedCard.Locator("img.result-image")).ToBeVisibleAsync();

        ILocator gaveUpCard = page.Locator($"li.job[data-id='{gaveUp.Id}']");
        await Assertions.Expect(gaveUpCard.Locator(".webhook")).ToHaveTextAsync("Webhook failed after 20 attempts: HTTP 500.");
        await Assertions.Expect(gaveUpCard.Locator(".progress-text")).ToHaveTextAsync("cancelled at iteration 4 / 10");
        await Assertions.Expect(gaveUpCard.Locator(".cancel-note")).ToBeHiddenAsync();
        await Assertions.Expect(gaveUpCard.Locator(".cancel")).ToBeHiddenAsync();

        ILocator scalingCard = page.Locator($"li.job[data-id='{scaling.Id}']");
        await Assertions.Expect(scalingCard.Locator(".progress-text")).ToHaveTextAsync("iteration 150 / 400 · scale 2 / 2");
        await Assertions.Expect(scalingCard.Locator(".asked")).ToHaveTextAsync("Asks for 100,300 iterations (per scale) · size 64 px");
        await Assertions.Expect(scalingCard.Locator(".cancel-note")).ToHaveTextAsync("cancel requested");
        await Assertions.Expect(scalingCard.Locator(".cancel")).ToBeHiddenAsync();
        await Assertions.Expect(scalingCard.Locator(".webhook")).ToBeHiddenAsync();
        await Assertions.Expect(scalingCard.Locator("canvas.loss")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("best 0.750 at iteration 150$"));
        await scalingCard.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(scalingCard.Locator("img.preview")).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    private static JobView Job(string name, DateTimeOffset now, JobState state, IReadOnlyDictionary<string, string>? options = null) =>
        JobView.From(JobId.New(now), now, new JobSpec
        {
            ContentName = name,
            Source = new JobSource { Kind = JobSourceKinds.Api },
            Styles = [new JobStyle { Name = "swirl", Blob = "jobs/x/input/style-0.png" }],
            Options = options ?? JobOptions.DefaultsDescribed,
        }, state);

    // The page's files from the test's own copy of wwwroot, the API from the jobs above, images made in memory.
    private static Task Serve(IRoute route, IReadOnlyList<JobView> jobs)
    {
        string path = new Uri(route.Request.Url).AbsolutePath;
        if (path is "/" or "/index.html" or "/app.js" or "/app.css")
        {
            string file = path == "/" ? "index.html" : path[1..];
            string type = Path.GetExtension(file) switch { ".js" => "text/javascript", ".css" => "text/css", _ => "text/html" };
            return route.FulfillAsync(new() { Path = Path.Combine(WebPage.Root, file), ContentType = type });
        }

        object? body = path switch
        {
            "/api/options" => new { options = OptionCatalog.Metadata(JobOptions.PipelineDefaults, new NstSettings().Limits()), limits = new { maxPixels = 40_000_000, maxUploadBytes = 100 << 20, maxStyles = ApiLimits.MaxStyles } },
            "/api/styles" => new { styles = new[] { new StyleEntry("swirl") } },
            "/api/jobs" => new { jobs = jobs.OrderBy(j => j.Id, StringComparer.Ordinal), next = (string?)null },
            _ => null,
        };
        if (body is not null)
        {
            return route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(body, JobJson.Options) });
        }

        if (path.EndsWith("/preview", StringComparison.Ordinal))
        {
            return route.FulfillAsync(new() { Status = 200, ContentType = "image/jpeg", BodyBytes = TestImages.Jpeg(32, 32) });
        }

        if (path.EndsWith("/result", StringComparison.Ordinal))
        {
            return route.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = TestImages.Png(32, 32) });
        }

        return route.FulfillAsync(new() { Status = 404, ContentType = "application/json", Body = """{"error":{"code":"not_found","message":"There is no such API route."}}""" });
    }
}
