using Nst.Engine;

namespace Nst.Cli;

internal static class OutputFormat
{
    /// <summary>Fails before any work when the output's extension names no format we write.</summary>
    public static void Check(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".jpg" or ".jpeg" or ".png" or ".webp"))
        {
            throw new NstException($"--output '{path}': the extension must be one of .jpg, .jpeg, .png, .webp.");
        }
    }
}
