using Nst.Engine.Models;
using Xunit;

namespace Nst.Engine.Tests.Models;

public class ModelCacheTests
{
    [Fact]
    public void ResolveDirectory_XdgCacheHomeSet_UsesIt()
    {
        string dir = ModelCache.ResolveDirectory(name => name == "XDG_CACHE_HOME" ? "/xdg" : "/home/u");

        Assert.Equal(Path.Combine("/xdg", "nst", "models"), dir);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/cache")]
    public void ResolveDirectory_NoUsableXdg_UsesHomeDotCache(string? xdg)
    {
        string dir = ModelCache.ResolveDirectory(name => name == "XDG_CACHE_HOME" ? xdg : "/home/u");

        Assert.Equal(Path.Combine("/home/u", ".cache", "nst", "models"), dir);
    }

    [Fact]
    public void TryFindDefault_FindsTheImportedModelOnlyWhenPresent()
    {
        var cache = new ModelCache(Path.Combine(Path.GetTempPath(), "nst-cache-" + Guid.NewGuid().ToString("N")));
        Assert.Null(cache.TryFindDefault());

        ModelImporter.Import(ModelFixtures.Path("narrow_vgg19_zip.pth"), cache.DefaultModelPath, half: false);

        Assert.Equal(cache.DefaultModelPath, cache.TryFindDefault());
    }
}
