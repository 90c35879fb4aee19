using System.Net;
using System.Net.Sockets;

namespace Nst.Functions.Webhooks;

/// <summary>
/// The SSRF guard at connect time, as a <see cref="SocketsHttpHandler.ConnectCallback"/>: it resolves the host itself,
/// refuses the connection if any resolved address is not public, and connects to the very addresses it checked — so
/// a DNS answer that changes between check and connect (rebinding) cannot reach an internal address.
/// </summary>
public sealed class WebhookConnectGuard(Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>The addresses of <paramref name="host"/>, all checked; throws <see cref="WebhookRefusedException"/> otherwise.</summary>
    public async Task<IPAddress[]> ResolveCheckedAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? literal)
            ? [literal]
            : await _resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new WebhookRefusedException($"Webhook host '{host}' resolves to no address.");
        }

        foreach (IPAddress address in addresses)
        {
            AddressCategory category = NetworkAddressClassifier.Classify(address);
            if (category != AddressCategory.Public)
            {
                throw new WebhookRefusedException(
                    $"Webhook host '{host}' resolves to {address} ({category}); set Nst__Webhook__AllowPrivateNetworks=true to allow it.");
            }
        }

        return addresses;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = await ResolveCheckedAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
