using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>Drops and their jobs seen from outside a host: uploads into one pipeline's containers, job JSON over HTTP.</summary>
public sealed class DropJobs(AzuriteFixture azurite, string prefix)
{
    public PipelineStorage Storage { get; } = new(azurite.BlobService(), prefix);

    public string Prefix { get; } = prefix;

    public static IDictionary<string, string> Small(int iterations) => new Dictionary<string, string> { ["nst_size"] = "48", ["nst_iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public async Task<string> DropAsync(string name, byte[] bytes, IDictionary<string, string>? metadata = null)
    {
        var blob = Storage.Container(PipelineNames.InboxContainer).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { Metadata = metadata });
        BlobProperties properties = (await blob.GetPropertiesAsync()).Value;
        return JobId.ForUpload($"{PipelineNames.InboxContainer}/{name}", properties.ETag.ToString(), properties.LastModified);
    }

    public async Task CreateStyleAsync(string name)
    {
        await Storage.EnsureCreatedAsync();
        await Storage.Container(PipelineNames.StylesContainer).GetBlobClient(name + ".png").UploadAsync(new BinaryData(TestImages.Style()), overwrite: true);
    }

    public async Task<byte[]> ReadAsync(string path) => (await Storage.Blob(BlobPath.Parse(path)).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>The job's JSON from a host's API; null while the host is down or does not know it yet.</summary>
    public static async Task<JsonElement?> JobAsync(Uri host, string id)
    {
        using var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public static string Status(JsonElement job) => job.GetProperty("status").GetString()!;

    public static bool Ended(JsonElement job) => Status(job) is "succeeded" or "failed" or "cancelled";
}
