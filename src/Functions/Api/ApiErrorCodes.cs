namespace Nst.Functions.Api;

/// <summary>The API's own error codes; a refused submission carries the job's code (see <c>JobErrorCodes</c>).</summary>
public static class ApiErrorCodes
{
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    public const string TooLarge = "too_large";
    public const string TooManyFields = "too_many_fields";
    public const string FieldTooLong = "field_too_long";
    public const string BadRequest = "bad_request";
    public const string NoResult = "no_result";
    public const string JobNotSucceeded = "job_not_succeeded";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";
}
