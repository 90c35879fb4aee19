using Nst.Engine;
using Nst.Engine.Imaging;

namespace Nst.Functions.Jobs;

/// <summary>Checks of what users hand in: images that decode within the limits, webhook URLs that are URLs.</summary>
public static class JobInputs
{
    /// <summary>Decodes <paramref name="bytes"/>; a corrupt, unsupported or too large image is an <c>invalid_image</c> error naming <paramref name="what"/>.</summary>
    public static RgbImage DecodeImage(ReadOnlySpan<byte> bytes, ImageLimits limits, string what)
    {
        try
        {
            return ImageCodec.Decode(bytes, limits);
        }
        catch (NstException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidImage, $"{what}: {e.Message}", e);
        }
    }

    /// <summary>Null stays null; anything else must be an absolute http(s) URL (<c>invalid_options</c>).</summary>
    public static string? WebhookUrl(string? url, string what)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"{what} must be an absolute http(s) URL, got '{url}'.");
    }
}
