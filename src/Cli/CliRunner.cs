using Nst.Engine;

namespace Nst.Cli;

/// <summary>Runs a command body and turns the errors a user can cause into one line on stderr and exit code 1.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (NstException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException or HttpRequestException)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled.");
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"nst: error: {message}");
        return 1;
    }
}
