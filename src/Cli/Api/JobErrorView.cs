namespace Nst.Cli.Api;

/// <summary>Why a job failed, or an API error: a code and a one-line message.</summary>
internal sealed class JobErrorView
{
    public string Code { get; init; } = "";

    public string Message { get; init; } = "";
}
