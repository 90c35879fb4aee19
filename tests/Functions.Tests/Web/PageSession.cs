using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Nst.Functions.Tests.Web;

/// <summary>
/// The page open in Debian's Chromium at phone width (360 px): records console errors, uncaught page errors and every
/// request the page makes, so a test can assert on all of them at the end.
/// </summary>
public sealed partial class PageSession : IAsyncDisposable
{
    public const int Width = 360;

    // Records every src the page gives a preview image, so a change between two polls is never missed.
    private const string PreviewRecorder = """
        window.__previewSrcs = [];
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.target.classList && r.target.classList.contains('preview') && r.target.src) window.__previewSrcs.push(r.target.src);
          }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['src'] });
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PageSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type == "error") ConsoleErrors.Enqueue(m.Text);
        };
        page.PageError += (_, e) => PageErrors.Enqueue(e);
        page.Request += (_, r) => Requests.Enqueue(new SeenRequest(r.Method, r.Url, new Dictionary<string, string>(r.Headers, StringComparer.OrdinalIgnoreCase)));
    }

    public IPage Page { get; }

    /// <summary>Console messages of type error (Chromium also logs each failed response, e.g. an expected 401 or 400).</summary>
    public ConcurrentQueue<string> ConsoleErrors { get; } = new();

    /// <summary>Uncaught exceptions in the page's script.</summary>
    public ConcurrentQueue<string> PageErrors { get; } = new();

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>The job cards.</summary>
    public ILocator Jobs => Page.Locator("li.job");

    public static async Task<PageSession> OpenAsync(Uri host, string query)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = Width, Height = 900 } });
            await page.AddInitScriptAsync(PreviewRecorder);
            var session = new PageSession(playwright, browser, page);
            // Chromium gives Playwright a multipart body that holds files only for a request it intercepts: pass
            // submissions through a route, so FieldNames can read what the page sent.
            await page.RouteAsync("**/api/jobs", route => route.ContinueAsync());
            await page.GotoAsync(new Uri(host, "/" + query).ToString());
            return session;
        }
        catch
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>The card of one job.</summary>
    public ILocator Job(string id) => Page.Locator($"li.job[data-id='{id}']");

    /// <summary>Clicks Stylise and returns the POST /api/jobs request the page sent.</summary>
    public Task<IRequest> SubmitAsync() =>
        Page.RunAndWaitForRequestAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Stylise" }).ClickAsync(),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/jobs");

    /// <summary>The names of a multipart request's fields, in order (a file field once per file).</summary>
    public static IReadOnlyList<string> FieldNames(IRequest request)
    {
        string body = Encoding.Latin1.GetString(request.PostDataBuffer ?? []);
        return [.. FieldName().Matches(body).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The job JSON in the response to a request the page made.</summary>
    public static async Task<System.Text.Json.JsonElement> JobOfAsync(IRequest request)
    {
        IResponse response = await request.ResponseAsync() ?? throw new InvalidOperationException("The request got no response.");
        Assert.Equal(202, response.Status);
        return await response.JsonAsync() ?? throw new InvalidOperationException("The response has no JSON.");
    }

    /// <summary>The distinct preview sources the page has shown (object URLs).</summary>
    public async Task<string[]> PreviewSourcesAsync() => await Page.EvaluateAsync<string[]>("() => [...new Set(window.__previewSrcs)]");

    /// <summary>Whether the card's image has loaded and decoded.</summary>
    public static Task<bool> LoadedAsync(ILocator image) => image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex("Content-Disposition: form-data; name=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FieldName();

    /// <summary>A request as the page sent it.</summary>
    public sealed record SeenRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers);
}
