using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Nst.Engine.Imaging;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Inputs;

/// <summary>
/// A job's private copies of its input images under <c>jobs/{id}/input/</c>: each checked to decode within the
/// limits before it is kept, written once, so replacing a style or a dropped photo later cannot change a job — and
/// nobody but the job reads them. No input is larger than <c>Nst:MaxUploadBytes</c>: a bigger blob is refused
/// before its content is read.
/// </summary>
public sealed class InputSnapshots(PipelineStorage storage, IOptions<NstSettings> settings)
{
    public ImageLimits Limits => ImageLimits.Default with { MaxPixels = settings.Value.MaxPixels, MaxBytes = settings.Value.MaxUploadBytes };

    /// <summary>Copies the blob <paramref name="source"/> (at <paramref name="etag"/> when given); returns the copy.</summary>
    public async Task<KeptImage> CopyAsync(BlobPath source, string jobId, int? styleIndex, string what, ETag? etag, CancellationToken cancellationToken) =>
        await KeepAsync(await ReadAsync(source, what, etag, cancellationToken).ConfigureAwait(false), source.Name, jobId, styleIndex, what, cancellationToken).ConfigureAwait(false);

    /// <summary>The content of the blob <paramref name="source"/> (at <paramref name="etag"/> when given), refused unread when it is over the size limit.</summary>
    public async Task<BinaryData> ReadAsync(BlobPath source, string what, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = etag is { } e ? new BlobRequestConditions { IfMatch = e } : null;
            using BlobDownloadStreamingResult download = (await storage.Blob(source).DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false)).Value;
            long length = download.Details.ContentLength;
            if (length > Limits.MaxBytes)
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidImage, $"{what} is {length:N0} bytes, more than the limit of {Limits.MaxBytes:N0} bytes (Nst__MaxUploadBytes).");
            }

            return await BinaryData.FromStreamAsync(download.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"{what} does not exist.", e);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"{what} was replaced by a newer upload, which makes a job of its own.", e);
        }
    }

    /// <summary>Checks <paramref name="image"/> decodes within the limits and keeps it; <paramref name="fileName"/> gives the extension.</summary>
    public async Task<KeptImage> KeepAsync(BinaryData image, string? fileName, string jobId, int? styleIndex, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height, extension) = Check(image, fileName, what);
        string name = styleIndex is { } k ? JobPaths.StyleInput(jobId, k, extension) : JobPaths.ContentInput(jobId, extension);
        BlobClient blob = storage.Container(PipelineNames.JobsContainer).GetBlobClient(name);
        await BlobWrites.CreateAsync(blob, image, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new KeptImage(JobPaths.Reference(name), width, height);
    }

    private (int Width, int Height, string Extension) Check(BinaryData image, string? fileName, string what)
    {
        ReadOnlySpan<byte> bytes = image.ToMemory().Span;
        RgbImage decoded = JobInputs.DecodeImage(bytes, Limits, what);
        return (decoded.Width, decoded.Height, ImageFiles.ExtensionFor(fileName, bytes));
    }
}
