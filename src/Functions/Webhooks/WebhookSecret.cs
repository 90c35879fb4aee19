namespace Nst.Functions.Webhooks;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of the key bytes. The prefix is optional
/// on input, so a bare base64 key works too.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The HMAC key bytes of <paramref name="secret"/>.</summary>
    /// <exception cref="FormatException">The secret is empty or not base64.</exception>
    public static byte[] KeyBytes(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        string base64 = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("Webhook secret must be 'whsec_' followed by base64 key bytes.");
        }

        return key.Length > 0 ? key : throw new FormatException("Webhook secret has no key bytes.");
    }

    /// <summary>Formats key bytes as a secret (<c>whsec_…</c>).</summary>
    public static string Format(ReadOnlySpan<byte> key) => Prefix + Convert.ToBase64String(key);
}
