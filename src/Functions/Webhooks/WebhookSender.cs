using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
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

    public WebhookSender(IOptions<NstSettings> options, WebhookConnectGuard guard, HttpMessageHandler? trustedHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(guard);
        _settings = options.Value.Webhook;
        _key = string.IsNullOrWhiteSpace(_settings.Secret) ? null : WebhookSecret.KeyBytes(_settings.Secret);
        _trusted = new HttpClient(trustedHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = _settings.Timeout };
        var guardedHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        if (!_settings.AllowPrivateNetworks)
        {
            guardedHandler.ConnectCallback = guard.ConnectAsync;
        }

        _guarded = new HttpClient(guardedHandler) { Timeout = _settings.Timeout };
    }

    /// <summary>True when a signing secret is configured.</summary>
    public bool Signs => _key is not null;

    /// <summary>
    /// Posts the body with the Standard Webhooks headers, signed with <paramref name="timestamp"/> (unix seconds).
    /// Throws <see cref="WebhookRefusedException"/> for a URL the guard refuses, and the transport's exceptions otherwise.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string id, string url, string body, long timestamp, CancellationToken cancellationToken)
    {
        bool trusted = Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) && WebhookUrls.IsOperators(parsed, _settings);
        Uri uri = ParseUrl(url, trusted);
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        string stamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, id);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, stamp);
        if (_key is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, WebhookSigner.Sign(_key, id, timestamp, bytes));
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
            throw new WebhookRefusedException("The webhook URL is not an absolute URL.");
        }

        if (!trusted && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebhookRefusedException("The webhook URL must be http or https.");
        }

        if (!trusted && !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new WebhookRefusedException("The webhook URL must not carry credentials.");
        }

        return uri;
    }
}
