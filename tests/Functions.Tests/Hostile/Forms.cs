using System.Net.Http.Headers;

namespace Nst.Functions.Tests.Hostile;

/// <summary>Multipart forms for <c>POST /api/jobs</c>.</summary>
public static class Forms
{
    /// <summary>A submission: the <c>content</c> file (photo.png) and text <paramref name="fields"/> in order.</summary>
    public static MultipartFormDataContent Job(byte[] content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "content", "photo.png");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}
