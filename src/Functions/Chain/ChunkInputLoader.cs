using Azure;
using Microsoft.Extensions.Options;
using Nst.Engine.Checkpoints;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Chain;

/// <summary>Downloads and decodes what a chunk needs: the weights, the images and the committed checkpoint.</summary>
public sealed class ChunkInputLoader(PipelineResources resources, ModelProvider models, IOptions<NstSettings> settings)
{
    public async Task<ChunkInputs> LoadAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var limits = ImageLimits.Default with { MaxPixels = settings.Value.MaxPixels };
        StyleTransferOptions options = job.Options.ToStyleTransferOptions(job.Styles);
        RgbImage content = JobInputs.DecodeImage(await ReadAsync(job.Content!, cancellationToken).ConfigureAwait(false), limits, job.Content!);
        var styles = new List<RgbImage>();
        foreach (JobStyle style in job.Styles)
        {
            styles.Add(JobInputs.DecodeImage(await ReadAsync(style.Blob, cancellationToken).ConfigureAwait(false), limits, style.Name ?? style.Blob));
        }

        Checkpoint? checkpoint = null;
        if (job.Progress.Checkpoint is { } reference)
        {
            BinaryData state = await ReadAsync(reference, cancellationToken).ConfigureAwait(false);
            using var stream = state.ToStream();
            checkpoint = Checkpoint.Read(stream, reference);
        }

        var weights = await models.GetAsync(job.Model, cancellationToken).ConfigureAwait(false);
        ImageFormat format = ImageFiles.FormatOf(job.Output ?? string.Empty) ?? content.SourceFormat;
        return new ChunkInputs(options, weights, content, styles, checkpoint, format);
    }

    private async Task<BinaryData> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        BlobPath path = BlobPath.Parse(reference);
        try
        {
            return (await resources.Blobs.DownloadContentAsync(resources.Container(path.Container), path.Name, cancellationToken).ConfigureAwait(false)).Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"{reference} does not exist.", e);
        }
    }
}
