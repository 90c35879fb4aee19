using System.Text.Json.Serialization;

namespace Nst.Functions.Api;

/// <summary>The body of every API error: <c>{"error": {"code", "message"}}</c>. Never a stack trace.</summary>
public sealed record ApiError([property: JsonPropertyName("error")] ApiErrorDetail Error)
{
    public static IResult Result(int status, string code, string message) =>
        Results.Json(new ApiError(new ApiErrorDetail(code, message)), statusCode: status);
}
