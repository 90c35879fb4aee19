namespace Nst.Functions.Webhooks;

/// <summary>What kind of network an IP address belongs to, as far as webhook delivery cares.</summary>
public enum AddressCategory
{
    /// <summary>A globally routable address: webhooks may go there.</summary>
    Public,

    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>10/8, 172.16/12, 192.168/16, fc00::/7 (and the deprecated site-local fec0::/10).</summary>
    Private,

    /// <summary>169.254/16, fe80::/10 — where cloud metadata services live.</summary>
    LinkLocal,

    /// <summary>224/4, 255.255.255.255, ff00::/8.</summary>
    Multicast,

    /// <summary>100.64/10, carrier-grade NAT shared space.</summary>
    SharedAddressSpace,
}
