using Microsoft.Extensions.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

/// <summary>Which webhook URLs a job may name. DNS is never asked here: literal addresses are judged as they are.</summary>
public sealed class WebhookUrlPolicyTests
{
    private const string What = "nst_webhook";

    private static WebhookUrlPolicy Policy(string? operatorUrl = null, bool allowPrivate = false) => new(
        Options.Create(new NstSettings { Webhook = new WebhookSettings { Url = operatorUrl, AllowPrivateNetworks = allowPrivate } }),
        new WebhookConnectGuard((host, _) => throw new InvalidOperationException($"DNS must not be asked (for {host}).")));

    private static async Task<JobSubmissionException> RefusedAsync(WebhookUrlPolicy policy, string url)
    {
        var e = await Assert.ThrowsAsync<JobSubmissionException>(() => policy.CheckAsync(url, What, CancellationToken.None));
        Assert.Equal(JobErrorCodes.InvalidWebhook, e.Code);
        Assert.Contains(What, e.Message, StringComparison.Ordinal);
        return e;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CheckAsync_NoUrl_Null(string? url)
    {
        Assert.Null(await Policy().CheckAsync(url, What, CancellationToken.None));
    }

    [Theory]
    [InlineData("ftp://93.184.216.34/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://93.184.216.34/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/hook")]
    [InlineData("hooks/relative")]
    [InlineData("93.184.216.34/hook")]
    public async Task CheckAsync_NotAbsoluteHttp_Refused(string url)
    {
        await RefusedAsync(Policy(), url);
    }

    [Theory]
    [InlineData("https://alice:s3cr3t-pa55@93.184.216.34/hook")]
    [InlineData("http://alice:s3cr3t-pa55@hooks.example.com/")]
    [InlineData("ftp://alice:s3cr3t-pa55@93.184.216.34/")]
    public async Task CheckAsync_Credentials_RefusedWithoutRepeatingThem(string url)
    {
        var e = await RefusedAsync(Policy(allowPrivate: true), url);

        Assert.DoesNotContain("s3cr3t-pa55", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.8.9.10:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    public async Task CheckAsync_PrivateLiteralAddress_Refused(string url)
    {
        await RefusedAsync(Policy(), url);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://[::1]:8080/hook")]
    public async Task CheckAsync_PrivateAddressAllowed_Accepted(string url)
    {
        Assert.Equal(new Uri(url).AbsoluteUri, await Policy(allowPrivate: true).CheckAsync(url, What, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://93.184.216.34/hook")]
    [InlineData("https://93.184.216.34:8443/a/b?c=d")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    public async Task CheckAsync_PublicLiteralAddress_AcceptedWithoutDns(string url)
    {
        Assert.Equal(new Uri(url).AbsoluteUri, await Policy().CheckAsync(url, What, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_OperatorsOwnUrl_AcceptedEvenOnLoopback()
    {
        const string own = "http://127.0.0.1:7071/hooks/nst";

        Assert.Equal(own, await Policy(operatorUrl: own).CheckAsync(own, What, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_HostnameResolvingPrivate_Refused()
    {
        var policy = new WebhookUrlPolicy(
            Options.Create(new NstSettings()),
            new WebhookConnectGuard((_, _) => Task.FromResult(new[] { System.Net.IPAddress.Parse("10.0.0.7") })));

        var e = await RefusedAsync(policy, "https://internal.example.com/hook");

        Assert.Contains("10.0.0.7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LongerThan2048_RefusedWithoutQuotingIt()
    {
        string url = "https://93.184.216.34/" + new string('a', WebhookUrlPolicy.MaxLength);

        var e = await RefusedAsync(Policy(), url);

        Assert.Contains("2048", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 200);
    }

    [Fact]
    public async Task CheckAsync_Exactly2048_Accepted()
    {
        string url = "https://93.184.216.34/" + new string('a', WebhookUrlPolicy.MaxLength - "https://93.184.216.34/".Length);

        Assert.Equal(url, await Policy().CheckAsync(url, What, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_SurroundingSpaces_Trimmed()
    {
        Assert.Equal("https://93.184.216.34/hook", await Policy().CheckAsync("  https://93.184.216.34/hook \n", What, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071/")]
    [InlineData("HTTP://LOCALHOST:7071/hook", "http://localhost:7071/hook")]
    [InlineData("http://127.0.0.1:80/hook", "http://127.0.0.1/hook")]
    public async Task CheckAsync_OperatorsUrlWrittenOtherwise_StillTrusted(string configured, string named)
    {
        Assert.Equal(new Uri(named).AbsoluteUri, await Policy(operatorUrl: configured).CheckAsync(named, What, CancellationToken.None));
    }
}
