using System.Security.Cryptography;
using System.Text;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void Sign_KnownKey_MatchesHmacOfIdTimestampBody()
    {
        byte[] key = Enumerable.Range(1, 24).Select(i => (byte)(i * 7)).ToArray();
        string secret = "whsec_" + Convert.ToBase64String(key);
        byte[] body = Encoding.UTF8.GetBytes("{\"type\":\"nst.job.succeeded\",\"data\":{\"jobId\":\"01abc\"}}");

        string signature = WebhookSigner.Sign(secret, "msg_01abc_succeeded", 1_700_000_123, body);

        // The documented algorithm, spelled out: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the decoded key.
        byte[] signed = Encoding.UTF8.GetBytes("msg_01abc_succeeded.1700000123.{\"type\":\"nst.job.succeeded\",\"data\":{\"jobId\":\"01abc\"}}");
        using var hmac = new HMACSHA256(key);
        Assert.Equal("v1," + Convert.ToBase64String(hmac.ComputeHash(signed)), signature);
    }

    [Fact]
    public void Sign_StandardWebhooksExample_MatchesPublishedSignature()
    {
        // The example in the Standard Webhooks specification.
        string signature = WebhookSigner.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Sign_SecretWithoutPrefix_SameAsWithPrefix()
    {
        byte[] body = [1, 2, 3];
        Assert.Equal(
            WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", 5, body),
            WebhookSigner.Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", 5, body));
    }

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("")]
    public void KeyBytes_BadSecret_ThrowsFormatException(string secret) =>
        Assert.Throws<FormatException>(() => WebhookSecret.KeyBytes(secret));
}
