namespace Nst.Functions.Webhooks;

/// <summary>
/// A webhook URL the SSRF guard will not reach: not http(s), or it resolves to a loopback, private, link-local,
/// unspecified, multicast or shared (CGNAT) address. Retrying cannot help, so the delivery ends without retries.
/// </summary>
public sealed class WebhookRefusedException : Exception
{
    public WebhookRefusedException()
        : base("Webhook URL refused.")
    {
    }

    public WebhookRefusedException(string message)
        : base(message)
    {
    }

    public WebhookRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
