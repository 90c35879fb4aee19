namespace Nst.Functions.Jobs;

/// <summary>Keys that travel with options but are not options.</summary>
public static class OptionFields
{
    /// <summary>The webhook (<c>webhook</c>, <c>nst_webhook</c> and other spellings).</summary>
    public static bool IsWebhook(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string k = key.Trim();
        if (k.StartsWith("nst_", StringComparison.OrdinalIgnoreCase))
        {
            k = k[4..];
        }

        return string.Equals(k, "webhook", StringComparison.OrdinalIgnoreCase);
    }
}
