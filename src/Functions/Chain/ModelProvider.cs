using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nst.Engine.Models;
using Nst.Engine.Nn;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary>
/// VGG19 weights by spec, loaded once per process: <c>random:SEED</c>, a file path, or <c>models/{name}</c> — a blob
/// in the models container, downloaded once to a temporary file. A failed load is not cached, so it is retried.
/// </summary>
public sealed class ModelProvider(PipelineResources resources, ILogger<ModelProvider> logger) : IDisposable
{
    private const string BlobPrefix = PipelineNames.ModelsContainer + "/";
    private readonly ConcurrentDictionary<string, Lazy<Task<Vgg19Weights>>> _cache = new(StringComparer.Ordinal);
    private readonly List<string> _tempFiles = [];

    public async Task<Vgg19Weights> GetAsync(string spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var lazy = _cache.GetOrAdd(spec, s => new Lazy<Task<Vgg19Weights>>(() => LoadAsync(s, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<Vgg19Weights>>>(spec, lazy));
            throw;
        }
    }

    /// <summary>The preprocessing a model file implies, or null to take the options' (torchvision by default).</summary>
    public static Preprocess? PreprocessOf(Vgg19Weights weights) => weights.PreprocessHint switch
    {
        PreprocessHint.Caffe => Preprocess.Caffe,
        PreprocessHint.Torchvision => Preprocess.Torchvision,
        _ => null,
    };

    public void Dispose()
    {
        lock (_tempFiles)
        {
            foreach (string file in _tempFiles)
            {
                File.Delete(file);
            }

            _tempFiles.Clear();
        }
    }

    private async Task<Vgg19Weights> LoadAsync(string spec, CancellationToken cancellationToken)
    {
        if (!spec.StartsWith(BlobPrefix, StringComparison.Ordinal))
        {
            logger.LogInformation("Loading VGG19 weights {Model}", spec);
            return await Task.Run(() => Vgg19Weights.Load(spec), cancellationToken).ConfigureAwait(false);
        }

        string name = spec[BlobPrefix.Length..];
        string file = Path.Combine(Path.GetTempPath(), $"nst-model-{Guid.NewGuid():N}{Path.GetExtension(name)}");
        logger.LogInformation("Downloading VGG19 weights {Model} to {File}", spec, file);
        await using (var download = await resources.Blobs.DownloadAsync(resources.Container(PipelineNames.ModelsContainer), name, cancellationToken: cancellationToken).ConfigureAwait(false))
        await using (var target = File.Create(file))
        {
            await download.Content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }

        lock (_tempFiles)
        {
            _tempFiles.Add(file);
        }

        return await Task.Run(() => Vgg19Weights.LoadFile(file), cancellationToken).ConfigureAwait(false);
    }
}
