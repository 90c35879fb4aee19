using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nst.Functions.Chunks;
using Nst.Functions.Hosting.Azure;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hosting.Azure;

/// <summary>Under the Functions host the app does not start on the random-feature model unless allowed, nor on weights that are not there.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelCheckTests(AzuriteFixture azurite)
{
    private static async Task StartAsync(PipelineServices services, NstSettings settings)
    {
        var services2 = new ServiceCollection().AddSingleton(services.Get<ComputeDevice>()).BuildServiceProvider();
        var check = new ModelCheck(Options.Create(settings), services.Get<ModelProvider>(), services2, NullLogger<ModelCheck>.Instance);
        await check.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_RandomModelNotAllowed_RefusesNamingTheSettings()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var e = await Assert.ThrowsAsync<SettingsException>(() => StartAsync(services, new NstSettings { Model = "random:0" }));
        Assert.Contains("Nst__AllowRandomModel=true", e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/upload-model.sh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RandomModelAllowed_Starts()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        await StartAsync(services, new NstSettings { Model = "random:0", AllowRandomModel = true });
    }

    [Fact]
    public async Task StartAsync_ModelBlobMissingThenUploaded_RefusesThenStarts()
    {
        await using var services = await PipelineServices.StartAsync(azurite);
        var settings = new NstSettings { Model = "models/vgg19.safetensors" };
        var e = await Assert.ThrowsAsync<SettingsException>(() => StartAsync(services, settings));
        Assert.Contains("models/vgg19.safetensors", e.Message, StringComparison.Ordinal);

        await services.Storage.Container(PipelineNames.ModelsContainer).GetBlobClient("vgg19.safetensors").UploadAsync(new BinaryData(new byte[] { 1 }));
        await StartAsync(services, settings);
    }
}
