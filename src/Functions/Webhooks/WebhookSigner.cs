using System.Security.Cryptography;
using System.Text;

namespace Nst.Functions.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the key is the
/// secret's decoded bytes, the timestamp is unix seconds and the body is the exact bytes sent.
/// </summary>
public static class WebhookSigner
{
    public const string VersionPrefix = "v1,";

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        Sign(WebhookSecret.KeyBytes(secret), id, timestamp, body);

    public static string Sign(ReadOnlySpan<byte> key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(id);
        byte[] prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        byte[] signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return VersionPrefix + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
