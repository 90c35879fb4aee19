using System.Net;
using System.Security.Cryptography;
using Nst.Engine.Models;

namespace Nst.Cli.Tests;

public class ModelFetcherTests
{
    private static readonly Uri Url = new("https://download.example/models/vgg19-dcbb9e9d.pth");

    [Fact]
    public async Task FetchAsync_HashPrefixMatches_ImportsIntoCache()
    {
        byte[] file = File.ReadAllBytes(Fixture("narrow_vgg19_legacy.pth"));
        string prefix = Convert.ToHexStringLower(SHA256.HashData(file))[..8];
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(file) }));

        string path = await FetchAsync(http, cacheDir, prefix, progress: null);

        Assert.Equal(new ModelCache(cacheDir).DefaultModelPath, path);
        var weights = Vgg19Weights.Load(path);
        var expected = Vgg19Weights.Load(Fixture("narrow_vgg19_legacy.pth"));
        Assert.Equal(expected.Convs.Count, weights.Convs.Count);
        for (int i = 0; i < expected.Convs.Count; i++)
        {
            Assert.Equal(Bits(expected.Convs[i].Weight), Bits(weights.Convs[i].Weight));
            Assert.Equal(Bits(expected.Convs[i].Bias), Bits(weights.Convs[i].Bias));
        }

        Assert.Equal(PreprocessHint.Torchvision, weights.PreprocessHint);
        Assert.Single(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_HashPrefixMismatch_ThrowsAndLeavesNoFiles()
    {
        byte[] file = File.ReadAllBytes(Fixture("narrow_vgg19_zip.pth"));
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(file) }));

        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => FetchAsync(http, cacheDir, "00000000", null));

        Assert.Contains("does not start with 00000000", e.Message);
        Assert.Empty(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_Offline_TellsTheUserToImportByHand()
    {
        string cacheDir = TempDir();
        using var http = new HttpClient(new FakeHandler(_ => throw new HttpRequestException("Name or service not known")));

        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelFetcher.FetchAsync(http, cacheDir));

        Assert.Contains("nst model import", e.Message);
        Assert.Contains("vgg19-dcbb9e9d.pth", e.Message);
        Assert.Empty(Directory.GetFiles(cacheDir));
    }

    [Fact]
    public async Task FetchAsync_HttpError_ThrowsWithStatus()
    {
        using var http = new HttpClient(new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => FetchAsync(http, TempDir(), "dcbb9e9d", null));

        Assert.Contains("HTTP 404", e.Message);
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static uint[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToUInt32Bits);

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
