using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Functions.Chunks;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Hosting.Azure;

/// <summary>
/// Under the Functions host the app will not start on a model that gives poor images: the random-feature model
/// (<c>random:SEED</c>) only with <c>Nst__AllowRandomModel=true</c>, and a <c>models/…</c> blob only once it is there
/// (docs/deploy.md: the post-provision step uploads it), and on the device <c>Nst__Device</c> names. Failing at start
/// says so once, in the host's log, instead of failing every job.
/// </summary>
public sealed class ModelCheck(IOptions<NstSettings> settings, ModelProvider models, IServiceProvider services, ILogger<ModelCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string model = settings.Value.Model;
        if (ModelProvider.IsRandom(model) && !settings.Value.AllowRandomModel)
        {
            throw new SettingsException(
                $"Nst__Model is '{model}', the random-feature model, which gives poor images. Upload VGG19 weights (scripts/upload-model.sh) and set Nst__Model=models/vgg19.safetensors, or set Nst__AllowRandomModel=true to run with it anyway.");
        }

        if (!await models.ExistsAsync(model, cancellationToken).ConfigureAwait(false))
        {
            throw new SettingsException($"Nst__Model '{model}' does not exist. Upload the weights first (scripts/upload-model.sh puts them in models/vgg19.safetensors).");
        }

        logger.LogInformation("VGG19 weights: {Model}", model);

        // The device too: Nst__Device=cuda without a usable CUDA device stops the start here.
        services.GetRequiredService<ComputeDevice>();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
