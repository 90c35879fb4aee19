using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nst.Engine.Models;
using Nst.Engine.Nn;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>
/// VGG19 weights by spec, loaded once per process: <c>random:SEED</c>, a file path, or <c>models/{name}</c> — a blob
/// in the models container, downloaded to a temporary file that is deleted once loaded. Weights are immutable, so the
/// cache is shared by the whole process (keyed by spec and, for blobs, the container). A failed load is not cached.
/// </summary>
public sealed class ModelProvider(PipelineStorage storage, ILogger<ModelProvider> logger)
{
    public const string BlobPrefix = PipelineNames.ModelsContainer + "/";
    private static readonly ConcurrentDictionary<string, Lazy<Task<Vgg19Weights>>> Cache = new(StringComparer.Ordinal);

    public async Task<Vgg19Weights> GetAsync(string spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        string key = IsBlob(spec) ? $"{storage.Container(PipelineNames.ModelsContainer).Uri}|{spec}" : spec;
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<Task<Vgg19Weights>>(() => LoadAsync(spec, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<Vgg19Weights>>>(key, lazy));
            throw;
        }
    }

    /// <summary>True for a <c>models/…</c> blob spec.</summary>
    public static bool IsBlob(string spec) => spec.StartsWith(BlobPrefix, StringComparison.Ordinal);

    /// <summary>True for the built-in random-feature model (<c>random:SEED</c>).</summary>
    public static bool IsRandom(string spec) => spec.StartsWith("random:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The preprocessing a model file implies, or null to take the options' (torchvision by default).</summary>
    public static Preprocess? PreprocessOf(Vgg19Weights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.PreprocessHint switch
        {
            PreprocessHint.Caffe => Preprocess.Caffe,
            PreprocessHint.Torchvision => Preprocess.Torchvision,
            _ => null,
        };
    }

    /// <summary>Whether the model a spec names is there (a blob that exists, a file that exists, or random).</summary>
    public async Task<bool> ExistsAsync(string spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsRandom(spec)) return true;
        if (!IsBlob(spec)) return File.Exists(spec);
        return (await storage.Container(PipelineNames.ModelsContainer).GetBlobClient(spec[BlobPrefix.Length..]).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
    }

    private async Task<Vgg19Weights> LoadAsync(string spec, CancellationToken cancellationToken)
    {
        if (!IsBlob(spec))
        {
            logger.LogInformation("Loading VGG19 weights {Model}", spec);
            return await Task.Run(() => Vgg19Weights.Load(spec), cancellationToken).ConfigureAwait(false);
        }

        string name = spec[BlobPrefix.Length..];
        string file = Path.Combine(Path.GetTempPath(), $"nst-model-{Guid.NewGuid():N}{Path.GetExtension(name)}");
        logger.LogInformation("Downloading VGG19 weights {Model} to {File}", spec, file);
        await storage.Container(PipelineNames.ModelsContainer).GetBlobClient(name).DownloadToAsync(file, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Vgg19Weights.LoadFile(file), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
