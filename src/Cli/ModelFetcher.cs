using System.Security.Cryptography;
using Nst.Engine.Models;

namespace Nst.Cli;

/// <summary>
/// Downloads torchvision's VGG19, checks its SHA-256 against the hash prefix in its published name,
/// and imports it into the model cache as <see cref="ModelCache.DefaultModelFileName"/>. Downloading is the CLI's
/// business: the engine reads weight files and knows nothing of HTTP. Failures are
/// <see cref="ModelDownloadException"/>s (the network or the server, not the user's input).
/// </summary>
internal static class ModelFetcher
{
    public static readonly Uri TorchvisionVgg19Url = new("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");

    /// <summary>torchvision names files after the first 8 hex digits of their SHA-256.</summary>
    public const string TorchvisionVgg19HashPrefix = "dcbb9e9d";

    public static Task<string> FetchAsync(HttpClient http, string cacheDirectory, CancellationToken cancellationToken = default) =>
        FetchAsync(http, cacheDirectory, TorchvisionVgg19Url, TorchvisionVgg19HashPrefix, progress: null, cancellationToken);

    /// <summary>Returns the path of the imported model. <paramref name="progress"/> receives bytes downloaded so far.</summary>
    public static async Task<string> FetchAsync(
        HttpClient http, string cacheDirectory, Uri url, string expectedHashPrefix, IProgress<long>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedHashPrefix);

        var cache = new ModelCache(cacheDirectory);
        System.IO.Directory.CreateDirectory(cacheDirectory);
        string fileName = Path.GetFileName(url.AbsolutePath);
        // Keep the published name (and its hash tag) so the import recognises the preset.
        string temp = Path.Combine(cacheDirectory, $"{fileName}.{Guid.NewGuid().ToString("N")[..8]}.part");
        try
        {
            string hash = await DownloadAsync(http, url, temp, cache, progress, cancellationToken).ConfigureAwait(false);
            if (!hash.StartsWith(expectedHashPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelDownloadException($"The download of {url} has SHA-256 {hash}, which does not start with {expectedHashPrefix}; the file is corrupt or was replaced, so it was not used.");
            }

            string named = Path.Combine(cacheDirectory, fileName + ".download");
            File.Move(temp, named, overwrite: true);
            temp = named;
            ModelImporter.Import(temp, cache.DefaultModelPath, half: false);
            return cache.DefaultModelPath;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<string> DownloadAsync(
        HttpClient http, Uri url, string temp, ModelCache cache, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        string advice = $"If this machine is offline, download {url} by other means and run `nst model import FILE --out {cache.DefaultModelPath}`.";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelDownloadException($"Downloading {url} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}. {advice}");
            }

            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }

            return Convert.ToHexStringLower(hasher.GetHashAndReset());
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"Cannot download {url} ({e.Message}). {advice}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelDownloadException($"Downloading {url} timed out. {advice}", e);
        }
        catch (IOException e)
        {
            throw new ModelDownloadException($"Downloading {url} broke off ({e.Message}). {advice}", e);
        }
    }
}
