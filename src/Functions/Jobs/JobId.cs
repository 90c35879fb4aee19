using System.Security.Cryptography;
using System.Text;

namespace Nst.Functions.Jobs;

/// <summary>
/// Job ids: 26 lower-case Crockford base32 characters — 48 bits of time counted down from the year 10889 (so ids sort
/// newest first, the order the task hub lists its instances in) then 80 bits that are random (<see cref="New"/>) or a
/// hash of the upload (<see cref="ForUpload"/>). A job id is also the job's orchestration instance id.
/// </summary>
public static class JobId
{
    public const int Length = 26;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const long MaxMilliseconds = (1L << 48) - 1;

    /// <summary>A fresh, unguessable id at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return Format(now, random);
    }

    /// <summary>
    /// The id of the one job an upload makes: the same blob name and ETag always give the same id (a redelivered event
    /// finds the job it already made), a re-upload (new ETag) gives another. <paramref name="uploadedAt"/> is the
    /// blob's Last-Modified, which belongs to that upload.
    /// </summary>
    public static string ForUpload(string blob, string etag, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(etag);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(blob + "\n" + etag.Trim('"')));
        return Format(uploadedAt, hash.AsSpan(0, 10));
    }

    /// <summary>True for 26 characters of the id alphabet (so an id is safe inside a blob path).</summary>
    public static bool IsValid(string? id) => id is { Length: Length } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    private static string Format(DateTimeOffset time, ReadOnlySpan<byte> tail)
    {
        long ms = Math.Clamp(time.ToUnixTimeMilliseconds(), 0, MaxMilliseconds);
        var value = (UInt128)(ulong)(MaxMilliseconds - ms) << 80;
        for (int i = 0; i < 10; i++)
        {
            value |= (UInt128)tail[i] << (8 * (9 - i));
        }

        // 128 bits, written 5 bits at a time from the top (the first character holds 3).
        Span<char> chars = stackalloc char[Length];
        for (int i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}
