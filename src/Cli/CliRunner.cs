using Nst.Engine;
using Nst.Engine.Session.Options;

namespace Nst.Cli;

/// <summary>
/// Runs a command body and turns the errors a user can cause (and the machine's faults a user can act on) into one
/// line on stderr and exit code 1. Options are named as the command line spells them.
/// </summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OptionException e)
        {
            return Fail(e.On(OptionSurface.Cli).Message);
        }
        catch (NstException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or HttpRequestException or ModelDownloadException or NstFaultException)
        {
            return Fail(e.Message);
        }
        catch (DllNotFoundException e)
        {
            string first = e.Message.Split('\n', 2)[0].Trim();
            return Fail($"{first} — install the image libraries (libturbojpeg0, libpng16-16, libwebp7), e.g. with scripts/setup.sh.");
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
