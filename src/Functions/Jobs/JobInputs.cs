using Nst.Engine;
using Nst.Engine.Imaging;

namespace Nst.Functions.Jobs;

/// <summary>Checks of the images users hand in.</summary>
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
}
