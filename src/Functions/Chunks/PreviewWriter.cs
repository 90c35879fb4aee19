using Azure.Storage.Blobs.Models;
using Nst.Engine.Imaging;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Chunks;

/// <summary>The job's preview, <c>jobs/{id}/preview.jpg</c>: the current image, at most 512 px on its long side, replaced after every chunk.</summary>
public sealed class PreviewWriter(PipelineStorage storage)
{
    public const int PreviewSize = 512;

    /// <summary>Writes the preview; returns its size in bytes.</summary>
    public async Task<long> WriteAsync(string jobId, RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        RgbImage small = Math.Max(image.Width, image.Height) > PreviewSize ? ImageResizer.ResizeLongSide(image, PreviewSize) : image;
        byte[] jpeg = ImageCodec.Encode(small, ImageFormat.Jpeg, quality: 85);
        await storage.Container(PipelineNames.JobsContainer).GetBlobClient(JobPaths.Preview(jobId)).UploadAsync(
            new BinaryData(jpeg), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg", CacheControl = "no-store" } }, cancellationToken).ConfigureAwait(false);
        return jpeg.Length;
    }
}
