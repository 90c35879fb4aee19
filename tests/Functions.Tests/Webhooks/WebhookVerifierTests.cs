using System.Text;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"nst.job.failed\",\"timestamp\":\"2025-06-15T00:00:00Z\"}");

    private static WebhookVerifier Verifier() => new(Secret, new FakeTimeProvider(Now));

    private static string Sign(string id, long timestamp, byte[] body) => WebhookSigner.Sign(Secret, id, timestamp, body);

    [Fact]
    public void Verify_SignedBySender_True()
    {
        string signature = Sign("msg_1", Now.ToUnixTimeSeconds(), Body);
        Assert.True(Verifier().Verify("msg_1", Now.ToUnixTimeSeconds().ToString(), signature, Body));
    }

    [Fact]
    public void Verify_TamperedBody_False()
    {
        string signature = Sign("msg_1", Now.ToUnixTimeSeconds(), Body);
        byte[] tampered = (byte[])Body.Clone();
        tampered[10] ^= 1;
        Assert.False(Verifier().Verify("msg_1", Now.ToUnixTimeSeconds().ToString(), signature, tampered));
    }

    [Fact]
    public void Verify_TamperedIdOrTimestamp_False()
    {
        long t = Now.ToUnixTimeSeconds();
        string signature = Sign("msg_1", t, Body);
        Assert.False(Verifier().Verify("msg_2", t.ToString(), signature, Body));
        Assert.False(Verifier().Verify("msg_1", (t + 1).ToString(), signature, Body));
    }

    [Fact]
    public void Verify_OtherSecret_False()
    {
        long t = Now.ToUnixTimeSeconds();
        string signature = WebhookSigner.Sign("whsec_" + Convert.ToBase64String(new byte[24]), "msg_1", t, Body);
        Assert.False(Verifier().Verify("msg_1", t.ToString(), signature, Body));
    }

    [Fact]
    public void Verify_TimestampOutsideTolerance_False()
    {
        long stale = Now.AddMinutes(-6).ToUnixTimeSeconds();
        Assert.False(Verifier().Verify("msg_1", stale.ToString(), Sign("msg_1", stale, Body), Body));
        long future = Now.AddMinutes(6).ToUnixTimeSeconds();
        Assert.False(Verifier().Verify("msg_1", future.ToString(), Sign("msg_1", future, Body), Body));
    }

    [Fact]
    public void Verify_SeveralSignaturesOneValid_True()
    {
        long t = Now.ToUnixTimeSeconds();
        string header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + Sign("msg_1", t, Body);
        Assert.True(Verifier().Verify("msg_1", t.ToString(), header, Body));
    }

    [Theory]
    [InlineData(null, "1750000000", "v1,x")]
    [InlineData("msg_1", null, "v1,x")]
    [InlineData("msg_1", "soon", "v1,x")]
    [InlineData("msg_1", "1750000000", null)]
    [InlineData("msg_1", "1750000000", "v2,abc")]
    public void Verify_MissingOrMalformedHeaders_False(string? id, string? timestamp, string? signature) =>
        Assert.False(Verifier().Verify(id, timestamp, signature, Body));
}
