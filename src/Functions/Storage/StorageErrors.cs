using Azure;

namespace Nst.Functions.Storage;

/// <summary>One line about a failure, for logs and job errors: storage's multi-line error bodies cut to status and code.</summary>
public static class StorageErrors
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RequestFailedException { Status: > 0 } e => $"storage answered {e.Status} {e.ErrorCode}".TrimEnd(),
            RequestFailedException e => $"storage unreachable: {FirstLine(e.InnerException?.Message ?? e.Message)}",
            _ => FirstLine(exception.Message),
        };
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
