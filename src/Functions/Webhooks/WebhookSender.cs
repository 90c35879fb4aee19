using System.Net.Http.Headers;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Webhooks;

/// <summary>
/// Sends one signed webhook attempt. The operator's own <c>Nst:Webhook:Url</c> is trusted; any other (per-job) URL
/// must be http(s) and goes through a handler whose connect callback is the SSRF guard, unless
/// <c>Nst:Webhook:AllowPrivateNetworks</c> is true. Redirects are not followed (a 3xx is a failed attempt) and no proxy
/// is used for guarded requests, since either would connect somewhere the guard did not check.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _trusted;
    private readonly HttpClient _guarded;
    private readonly WebhookSettings _settings;
    private readonly byte[]? _key;

    public WebhookSender(WebhookSettings settings, WebhookDeliveryOptions options, WebhookConnectGuard? guard = null, HttpMessageHandler? trustedHandler = null)
    {
        _settings = settings;
        _key = string.IsNullOrWhiteSpace(settings.Secret) ? null : WebhookSecret.KeyBytes(settings.Secret);
        _trusted = new HttpClient(trustedHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = options.Timeout };
        var guardedHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        if (!settings.AllowPrivateNetworks)
        {
            guardedHandler.ConnectCallback = (guard ?? new WebhookConnectGuard()).ConnectAsync;
        }

        _guarded = new HttpClient(guardedHandler) { Timeout = options.Timeout };
    }

    /// <summary>True when a signing secret is configured.</summary>
    public bool Signs => _key is not null;

    /// <summary>
    /// Posts the body with the Standard Webhooks headers, signed with <paramref name="timestamp"/> (unix seconds).
    /// Throws <see cref="WebhookRefusedException"/> for a URL the guard refuses, and the transport's exceptions otherwise.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(WebhookMessage message, long timestamp, CancellationToken cancellationToken)
    {
        bool trusted = string.Equals(message.Url, _settings.Url, StringComparison.Ordinal);
        Uri uri = ParseUrl(message.Url, trusted);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        string stamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, message.Id);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, stamp);
        if (_key is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, WebhookSigner.Sign(_key, message.Id, timestamp, message.Body.Span));
        }

        try
        {
            return await (trusted ? _trusted : _guarded).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookRefusedException refused)
        {
            throw refused;
        }
    }

    public void Dispose()
    {
        _trusted.Dispose();
        _guarded.Dispose();
    }

    private static Uri ParseUrl(string url, bool trusted)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw new WebhookRefusedException($"Webhook URL '{url}' is not an absolute URL.");
        }

        if (!trusted && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebhookRefusedException($"Webhook URL '{url}' must be http or https.");
        }

        return uri;
    }
}
