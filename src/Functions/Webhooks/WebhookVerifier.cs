using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nst.Functions.Webhooks;

/// <summary>
/// Checks a received webhook the way a receiver should: the timestamp is within <see cref="Tolerance"/> of now
/// (so a captured request cannot be replayed later) and one of the <c>v1,</c> signatures in the
/// <c>webhook-signature</c> header matches the body, compared in constant time.
/// </summary>
/// <example>
/// <code>
/// var verifier = new WebhookVerifier(Environment.GetEnvironmentVariable("NST_WEBHOOK_SECRET")!);
/// bool ok = verifier.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], bodyBytes);
/// </code>
/// </example>
public sealed class WebhookVerifier
{
    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public WebhookVerifier(string secret, TimeProvider? clock = null)
    {
        _key = WebhookSecret.KeyBytes(secret);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How far the timestamp may be from now, either way. Default 5 minutes, as Standard Webhooks suggests.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True when the timestamp is fresh and a signature matches; false for anything missing or malformed.</summary>
    public bool Verify(string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return false;
        }

        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Tolerance.TotalSeconds)
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(WebhookSigner.Sign(_key, id, seconds, body));
        foreach (string candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith(WebhookSigner.VersionPrefix, StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
            {
                return true;
            }
        }

        return false;
    }
}
