using Nst.Functions.Pipeline;

namespace Nst.Functions.Webhooks;

public static class WebhookUrls
{
    /// <summary>
    /// True when <paramref name="uri"/> is the operator's own webhook (<c>Nst:Webhook:Url</c>), compared in canonical
    /// form: scheme and host case, a default port written out and the empty path do not make it another URL.
    /// </summary>
    public static bool IsOperators(Uri uri, WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(settings);
        return !string.IsNullOrWhiteSpace(settings.Url)
            && Uri.TryCreate(settings.Url.Trim(), UriKind.Absolute, out Uri? operators)
            && string.Equals(uri.AbsoluteUri, operators.AbsoluteUri, StringComparison.Ordinal);
    }
}
