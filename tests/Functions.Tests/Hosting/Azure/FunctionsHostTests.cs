using Nst.Functions.Hosting.Azure;

namespace Nst.Functions.Tests.Hosting.Azure;

public sealed class FunctionsHostTests
{
    private static string? NoEnvironment(string name) => null;

    [Theory]
    [InlineData("--host", "127.0.0.1", "--port", "7071", "--functions-uri", "http://127.0.0.1:51234/")]
    [InlineData("--functions-uri=http://127.0.0.1:51234/")]
    public void IsStartedByFunctionsHost_FunctionsUriArgument_True(params string[] args)
    {
        Assert.True(FunctionsHost.IsStartedByFunctionsHost(args, NoEnvironment));
    }

    [Fact]
    public void IsStartedByFunctionsHost_HostEndpointVariable_True()
    {
        Assert.True(FunctionsHost.IsStartedByFunctionsHost([], name => name == "Functions__Worker__HostEndpoint" ? "http://127.0.0.1:51234" : null));
    }

    [Theory]
    [InlineData]
    [InlineData("Nst.Functions.dll")]
    [InlineData("--urls", "http://127.0.0.1:7071")]
    [InlineData("--Nst:ChunkSeconds=10", "--functions")]
    public void IsStartedByFunctionsHost_PlainDotnetArgs_False(params string[] args)
    {
        Assert.False(FunctionsHost.IsStartedByFunctionsHost(args, NoEnvironment));
    }

    [Fact]
    public void IsStartedByFunctionsHost_EmptyHostEndpointVariable_False()
    {
        Assert.False(FunctionsHost.IsStartedByFunctionsHost(["Nst.Functions.dll"], _ => ""));
    }
}
