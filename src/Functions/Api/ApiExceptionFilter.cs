using Nst.Engine;
using Nst.Functions.Jobs;

namespace Nst.Functions.Api;

/// <summary>
/// Turns what a caller can cause into an error JSON: a refused job (400, with the job's code), a body above the upload
/// limit (413), a malformed form (400). Anything else is logged and answered 500 without details.
/// </summary>
public sealed class ApiExceptionFilter(ILogger logger, ApiLimits limits) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JobSubmissionException e)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, e.Code, e.Message);
        }
        catch (NstException e)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, JobErrorCodes.InvalidOptions, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // FormOptions' own limits (multipart body or section length) say "... limit ... exceeded".
            return TooLarge();
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.BadRequest, $"The request could not be read: {OneLine(e.Message)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "API call {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return ApiError.Result(StatusCodes.Status500InternalServerError, ApiErrorCodes.Internal, "The server failed to handle this request; see its log.");
        }
    }

    private IResult TooLarge() =>
        ApiError.Result(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.TooLarge,
            $"The upload is larger than the server's limit of {limits.MaxUploadBytes / (1024.0 * 1024.0):0.##} MB (Nst:MaxUploadBytes).");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
