using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Webhooks;

/// <summary>
/// Which webhook URLs a job may name, checked when the job is made (and again at connect time by
/// <see cref="WebhookConnectGuard"/>): absolute http(s), no credentials in it, and — unless
/// <c>Nst:Webhook:AllowPrivateNetworks</c> — a host whose every address is public. The operator's own URL is trusted.
/// A refused URL is an <c>invalid_webhook</c> error that never repeats the URL's credentials.
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<NstSettings> settings, WebhookConnectGuard guard)
{
    public const int MaxLength = 2048;

    /// <summary>Null for none; else the URL to keep.</summary>
    public async Task<string?> CheckAsync(string? url, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        if (url.Length > MaxLength)
        {
            throw Refused($"{what} is longer than {MaxLength} characters.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Refused(url.Contains('@', StringComparison.Ordinal)
                ? $"{what} must be an absolute http(s) URL."
                : $"{what} must be an absolute http(s) URL, got '{Quote.Short(url)}'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Refused($"{what} must not carry credentials (user:password@host); put a token in the path or use the signing secret.");
        }

        if (WebhookUrls.IsOperators(uri, settings.Value.Webhook) || settings.Value.Webhook.AllowPrivateNetworks)
        {
            return uri.AbsoluteUri;
        }

        try
        {
            await guard.ResolveCheckedAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (WebhookRefusedException e)
        {
            throw Refused($"{what}: {e.Message}");
        }
        catch (SocketException)
        {
            throw Refused($"{what}: the host '{Quote.Short(uri.IdnHost)}' could not be resolved.");
        }

        return uri.AbsoluteUri;
    }

    private static JobSubmissionException Refused(string message) => new(JobErrorCodes.InvalidWebhook, message);
}
