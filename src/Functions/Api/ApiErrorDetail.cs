using System.Text.Json.Serialization;

namespace Nst.Functions.Api;

/// <summary>A stable machine-readable code and one line for people.</summary>
public sealed record ApiErrorDetail([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);
