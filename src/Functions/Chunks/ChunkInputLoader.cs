using Azure;
using Microsoft.Extensions.Options;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>Downloads and decodes what a job's session needs: the weights and the job's private copies of its images.</summary>
public sealed class ChunkInputLoader(PipelineStorage storage, ModelProvider models, IOptions<NstSettings> settings)
{
    public async Task<ChunkInputs> LoadAsync(JobSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var limits = ImageLimits.Default with { MaxPixels = settings.Value.MaxPixels };
        StyleTransferOptions options = JobOptions.Resolve(spec.Options);
        long bytes = 0;
        BinaryData contentBytes = await ReadAsync(spec.Content ?? throw new InvalidOperationException($"Job {spec.Id} has no content image."), cancellationToken).ConfigureAwait(false);
        bytes += contentBytes.ToMemory().Length;
        RgbImage content = JobInputs.DecodeImage(contentBytes.ToMemory().Span, limits, "content image");
        var styles = new List<RgbImage>();
        for (int k = 0; k < spec.Styles.Count; k++)
        {
            BinaryData styleBytes = await ReadAsync(spec.Styles[k].Blob, cancellationToken).ConfigureAwait(false);
            bytes += styleBytes.ToMemory().Length;
            styles.Add(JobInputs.DecodeImage(styleBytes.ToMemory().Span, limits, $"style image {k + 1} ({spec.Styles[k].Display})"));
        }

        var weights = await models.GetAsync(spec.Model, cancellationToken).ConfigureAwait(false);
        ImageFormat format = ImageFiles.FormatOf(spec.Output ?? string.Empty) ?? content.SourceFormat;
        return new ChunkInputs(options, weights, content, styles, format, bytes);
    }

    private async Task<BinaryData> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.Blob(BlobPath.Parse(reference)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"{reference} does not exist.", e);
        }
    }
}
