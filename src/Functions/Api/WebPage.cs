using Microsoft.Extensions.FileProviders;

namespace Nst.Functions.Api;

/// <summary>
/// Serves the page (<c>wwwroot/</c>: index.html, app.js, app.css) at <c>/</c>. The files are looked up beside the
/// app's assembly first, because under the Functions host the working folder is the function app's, not ours.
/// </summary>
public static class WebPage
{
    public static void Use(WebApplication app)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        IFileProvider files = Directory.Exists(beside) ? new PhysicalFileProvider(beside) : app.Environment.WebRootFileProvider;
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // No build step means no hashed names: ask browsers to revalidate so an update shows at once.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
