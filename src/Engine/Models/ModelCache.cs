namespace Nst.Engine.Models;

/// <summary>
/// The per-user folder where fetched and imported weights live:
/// $XDG_CACHE_HOME/nst/models, else ~/.cache/nst/models.
/// </summary>
public sealed class ModelCache
{
    /// <summary>The file name of the imported torchvision VGG19 that runs use by default.</summary>
    public const string DefaultModelFileName = "vgg19.safetensors";

    public ModelCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    public string Directory { get; }

    public string DefaultModelPath => Path.Combine(Directory, DefaultModelFileName);

    /// <summary>The cache of the current user, from the process environment.</summary>
    public static ModelCache ForCurrentUser() => new(ResolveDirectory(Environment.GetEnvironmentVariable));

    /// <summary>Resolves the cache folder from environment variables (given as a function, so tests need not change the process's).</summary>
    public static string ResolveDirectory(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string? xdg = getEnvironmentVariable("XDG_CACHE_HOME");
        string root;
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            root = xdg;
        }
        else
        {
            // The XDG spec ignores relative values; without HOME fall back to the OS profile folder.
            string? home = getEnvironmentVariable("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            root = Path.Combine(home, ".cache");
        }

        return Path.Combine(root, "nst", "models");
    }

    /// <summary>The imported default VGG19 if it is in the cache, else null.</summary>
    public string? TryFindDefault() => File.Exists(DefaultModelPath) ? DefaultModelPath : null;
}
