namespace Nst.Functions.Api;

/// <summary>Limits of the HTTP API.</summary>
public static class ApiLimits
{
    /// <summary>Default and largest page of <c>GET /api/jobs</c>.</summary>
    public const int DefaultListLimit = 20;

    public const int MaxListLimit = 100;

    /// <summary>Most form fields (files included) in one submission.</summary>
    public const int MaxFormFields = 64;

    /// <summary>Longest text field of a submission, in bytes.</summary>
    public const int MaxFieldBytes = 4096;

    /// <summary>Most style images or names in one submission.</summary>
    public const int MaxStyles = 16;
}
