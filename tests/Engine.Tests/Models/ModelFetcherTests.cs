using System.Net;
using System.Security.Cryptography;
using Nst.Engine.Models;
using Xunit;

namespace Nst.Engine.Tests.Models;

public class ModelFetcherTests
{
    private static readonly Uri Url = new("https://download.example/models/vgg19-dcbb9e9d.pth");

    [Fact]
    public async Task FetchAsync_HashPrefixMatches_ImportsIntoCache()
    {
        byte[] file = File.ReadAllBytes(ModelFixtures.Path("narrow_vgg19_legacy.pth"));
        string prefix = Convert.ToHexStringLower(SHA256.HashData(file))[..8];
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(file) }));

        string path = await FetchAsync(http, cacheDir, prefix, progress: null);

        Assert.Equal(new ModelCache(cacheDir).DefaultModelPath, path);
        var weights = Vgg19Weights.Load(path);
        ModelFixtures.AssertBitIdentical(ModelFixtures.Expected(), weights);
        Assert.Equal(PreprocessHint.Torchvision, weights.PreprocessHint);
        Assert.Single(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_HashPrefixMismatch_ThrowsAndLeavesNoFiles()
    {
        byte[] file = File.ReadAllBytes(ModelFixtures.Path("narrow_vgg19_zip.pth"));
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(file) }));

        var e = await Assert.ThrowsAsync<NstException>(() => FetchAsync(http, cacheDir, "00000000", null));

        Assert.Contains("does not start with 00000000", e.Message);
        Assert.Empty(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_Offline_TellsTheUserToImportByHand()
    {
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => throw new HttpRequestException("Name or service not known")));

        var e = await Assert.ThrowsAsync<NstException>(() => ModelFetcher.FetchAsync(http, cacheDir));

        Assert.Contains("nst model import", e.Message);
        Assert.Contains("vgg19-dcbb9e9d.pth", e.Message);
        Assert.Empty(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_HttpError_ThrowsWithStatus()
    {
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var e = await Assert.ThrowsAsync<NstException>(() => FetchAsync(http, TempDir(), "dcbb9e9d", null));

        Assert.Contains("HTTP 404", e.Message);
    }

    private static Task<string> FetchAsync(HttpClient http, string cacheDir, string prefix, IProgress<long>? progress) =>
        ModelFetcher.FetchAsync(http, cacheDir, Url, prefix, progress);

    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nst-fetch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private sealed class FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(request));
    }
}
