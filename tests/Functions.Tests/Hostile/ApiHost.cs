using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// A host for the hostile API: an API key, uploads up to 6 MB, at most 20,000 pixels (so a size within the side
/// limit can still be too many pixels), per-job webhooks must be public. Before the first case it has the library
/// style <c>mosaic</c> and one finished API job, the victim, whose private inputs no route may hand out.
/// </summary>
public sealed class ApiHost : HostileHost
{
    public const string Key = "k-4b1d0c2e9a";
    public const long MaxUploadBytes = 6L * 1024 * 1024;
    public const long MaxPixels = 20_000;

    public static readonly byte[] VictimContent = TestImages.Png(48, 36, 11);

    public string VictimJob { get; private set; } = "";

    /// <summary>A client for the same host without the key.</summary>
    public HttpClient Anonymous { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("error").Clone();
    }

    public override async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await base.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Nst:ApiKey"] = Key,
        ["Nst:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Nst:MaxPixels"] = MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override async Task SetUpAsync(TestAppHost host)
    {
        host.Http.DefaultRequestHeaders.Add("x-api-key", Key);
        Anonymous.BaseAddress = host.Http.BaseAddress;
        await host.UploadStyleAsync(InboxHost.Style);
        using MultipartFormDataContent form = Forms.Job(VictimContent, ("styleName", InboxHost.Style), ("size", "48"), ("iterations", "8"));
        using HttpResponseMessage response = await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        VictimJob = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement job = await WaitSettledAsync(VictimJob);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
    }
}
