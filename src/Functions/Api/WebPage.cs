namespace Nst.Functions.Api;

/// <summary>
/// The page: <c>index.html</c>, <c>app.js</c> and <c>app.css</c> from <c>wwwroot/</c> beside the app's assembly (under
/// the Functions host the working folder is the host's, not ours). Served by the same handler under both hosts.
/// </summary>
public static class WebPage
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        [""] = "text/html; charset=utf-8",
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>The file, or a 404 for anything that is not one of the page's files.</summary>
    public static IResult Serve(HttpContext http, string? file)
    {
        ArgumentNullException.ThrowIfNull(http);
        string name = file ?? "";
        if (!Files.TryGetValue(name, out string? contentType))
        {
            return Results.NotFound();
        }

        // No build step means no hashed names: ask browsers to revalidate so an update shows at once.
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.File(Path.Combine(Root, name.Length == 0 ? "index.html" : name), contentType);
    }
}
