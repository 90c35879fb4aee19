using System.Security.Cryptography;
using System.Text;
using Azure;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Nst.Engine;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Api;

/// <summary>
/// What every API call goes through, under either host: the key check (when <c>Nst:ApiKey</c> is set, the
/// <c>x-api-key</c> header must carry it — never a URL, where logs and referrers keep it), and the mapping of what a
/// caller can cause to a JSON error: a refused job (400 with the job's code), a body or form over the limits (413 or
/// 400, saying which), storage or the durable engine unreachable (503). Anything else is logged and answered 500
/// without details.
/// </summary>
public sealed class ApiGuard(IOptionsMonitor<NstSettings> settings, ILogger<ApiGuard> logger)
{
    public const string KeyHeader = "x-api-key";

    public async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(handler);
        string? expected = settings.CurrentValue.ApiKey;
        if (!string.IsNullOrEmpty(expected) && !Matches(expected, http.Request.Headers[KeyHeader].FirstOrDefault()))
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, ApiErrorCodes.Unauthorized, $"This API needs its key in the {KeyHeader} header.");
        }

        try
        {
            return await handler().ConfigureAwait(false);
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
        catch (InvalidDataException e) when (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            return TooLarge();
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Form value count limit", StringComparison.Ordinal))
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.TooManyFields, $"The form has more than {ApiLimits.MaxFormFields} fields.");
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.Ordinal))
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.FieldTooLong, $"A form field or its name is longer than {ApiLimits.MaxFieldBytes} bytes.");
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.BadRequest, $"The request could not be read: {Quote.Short(e.Message)}");
        }
        catch (Exception e) when (e is RpcException or RequestFailedException or HttpRequestException && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("API call {Method} {Path}: a backing service is unavailable: {Error}", http.Request.Method, http.Request.Path, e.Message);
            return ApiError.Result(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.Unavailable, "Storage or the durable engine is not reachable right now; try again shortly.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "API call {Method} {Path} failed", http.Request.Method, http.Request.Path);
            return ApiError.Result(StatusCodes.Status500InternalServerError, ApiErrorCodes.Internal, "The server failed to handle this request; see its log.");
        }
    }

    private IResult TooLarge() =>
        ApiError.Result(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.TooLarge,
            $"The upload is larger than the server's limit of {settings.CurrentValue.MaxUploadBytes / (1024.0 * 1024.0):0.##} MB (Nst__MaxUploadBytes).");

    // Fixed-time comparison of the UTF-8 bytes, so the answer's timing says nothing about how much of a guess matched.
    private static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
