using System.Net;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class WebhookConnectGuardTests
{
    private static WebhookConnectGuard Resolving(params string[] addresses) =>
        new((_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray()));

    [Fact]
    public async Task ResolveCheckedAsync_AllPublic_ReturnsTheCheckedAddresses()
    {
        IPAddress[] addresses = await Resolving("8.8.8.8", "2001:4860:4860::8888").ResolveCheckedAsync("hooks.example.com", CancellationToken.None);
        Assert.Equal(["8.8.8.8", "2001:4860:4860::8888"], addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task ResolveCheckedAsync_OnePrivateAmongPublic_Refused()
    {
        var e = await Assert.ThrowsAsync<WebhookRefusedException>(
            () => Resolving("8.8.8.8", "10.0.0.5").ResolveCheckedAsync("rebind.example.com", CancellationToken.None));
        Assert.Contains("10.0.0.5", e.Message);
    }

    [Fact]
    public async Task ResolveCheckedAsync_IpLiteral_CheckedWithoutDns()
    {
        var guard = new WebhookConnectGuard((_, _) => throw new InvalidOperationException("DNS must not be asked for a literal."));
        await Assert.ThrowsAsync<WebhookRefusedException>(() => guard.ResolveCheckedAsync("169.254.169.254", CancellationToken.None));
        await Assert.ThrowsAsync<WebhookRefusedException>(() => guard.ResolveCheckedAsync("[::1]", CancellationToken.None));
    }

    [Fact]
    public async Task ResolveCheckedAsync_NoAddress_Refused() =>
        await Assert.ThrowsAsync<WebhookRefusedException>(() => Resolving().ResolveCheckedAsync("nowhere.example.com", CancellationToken.None));
}
