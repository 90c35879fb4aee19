using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Api;

/// <summary>
/// When <c>Nst:ApiKey</c> is set, every API call must carry it in the <c>x-api-key</c> header or, as the Functions
/// host accepts for function keys, in the <c>code</c> query parameter (images and links cannot send headers).
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<NstSettings> settings) : IEndpointFilter
{
    public const string HeaderName = "x-api-key";
    public const string QueryName = "code";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? expected = settings.CurrentValue.ApiKey;
        if (!string.IsNullOrEmpty(expected) && !Matches(expected, Presented(context.HttpContext.Request)))
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, ApiErrorCodes.Unauthorized,
                $"This API needs its key in the {HeaderName} header (or the {QueryName} query parameter).");
        }

        return await next(context);
    }

    private static string? Presented(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0 ? header[0]
        : request.Query.TryGetValue(QueryName, out var query) && query.Count > 0 ? query[0]
        : null;

    // Fixed-time comparison of the UTF-8 bytes, so the answer's timing says nothing about how much of a guess matched.
    private static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
