using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Web;

/// <summary>Jobs made behind the page's back, through the API, for the page to find.</summary>
public static class PageJobs
{
    /// <summary>Submits a job with the library style "swirl"; returns its id.</summary>
    public static async Task<string> SubmitAsync(TestAppHost host, string contentName, params (string Name, string Value)[] options)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(TestImages.Png(40, 32, contentName.Length));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(content, "content", contentName);
        form.Add(new StringContent("swirl"), "styleName");
        foreach (var (name, value) in options)
        {
            form.Add(new StringContent(value), name);
        }

        using HttpResponseMessage response = await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
