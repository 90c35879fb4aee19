using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nst.Engine;

namespace Nst.Cli.Api;

/// <summary>
/// The HTTP API of the Functions app (<c>/api/jobs…</c>) as the CLI uses it. Every failure becomes an
/// <see cref="NstException"/> with one line: the server's own error message, or which URL could not be reached.
/// </summary>
internal sealed class NstApiClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:7071";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public NstApiClient(Uri server, string? apiKey, HttpMessageHandler? handler = null)
    {
        Server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = server;
        _http.Timeout = TimeSpan.FromMinutes(5);
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
    }

    public Uri Server { get; }

    /// <summary>Parses <c>--server</c>: an absolute http(s) URL.</summary>
    public static Uri ParseServer(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
            : throw new NstException($"--server must be an http(s) URL such as {DefaultServer}, got '{value}'.");

    public async Task<JobView> SubmitAsync(JobSubmitRequest request, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(FilePart(request.ContentPath), "content", Path.GetFileName(request.ContentPath));
        foreach (string style in request.StyleFiles)
        {
            form.Add(FilePart(style), "style", Path.GetFileName(style));
        }

        foreach (string name in request.StyleNames)
        {
            form.Add(new StringContent(name), "styleName");
        }

        foreach (var (key, value) in request.Fields)
        {
            form.Add(new StringContent(value), key);
        }

        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = form }, cancellationToken);
        return Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The job's JSON exactly as the server sent it.</summary>
    public async Task<string> GetJobJsonAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(id)}"), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken) =>
        Parse(await GetJobJsonAsync(id, cancellationToken));

    /// <summary>Writes the finished job's image to <paramref name="destination"/>; returns its content type.</summary>
    public async Task<string?> DownloadResultAsync(string id, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(id)}/result"), cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
        return response.Content.Headers.ContentType?.MediaType;
    }

    public void Dispose() => _http.Dispose();

    private static StreamContent FilePart(string path)
    {
        if (!File.Exists(path))
        {
            throw new NstException($"file '{path}' does not exist.");
        }

        var part = new StreamContent(File.OpenRead(path));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    private static JobView Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JobView>(json, Json) ?? throw new NstException("the server answered with an empty job.");
        }
        catch (JsonException e)
        {
            throw new NstException($"the server's answer is not a job ({e.Message}).", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var request = create())
        {
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new NstException(
                    $"cannot reach the nst server at {Server} ({e.Message}); start it with scripts/run.sh, or point --server / NST_SERVER at it.", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new NstException($"the nst server at {Server} did not answer in time.", e);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new NstException(DescribeFailure(response.StatusCode, body));
        }
    }

    /// <summary>One line for a failed call: the server's <c>{"error":{"code","message"}}</c> when it sent one.</summary>
    internal static string DescribeFailure(HttpStatusCode status, string body)
    {
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var m))
            {
                message = m.GetString();
            }
        }
        catch (JsonException)
        {
            // Not our API's error shape (a proxy's page, say): fall back to the status line.
        }

        string what = message ?? $"HTTP {(int)status} {status}";
        return status == HttpStatusCode.Unauthorized
            ? $"{what} (the server needs an API key: pass --api-key or set NST_API_KEY)"
            : what;
    }
}
