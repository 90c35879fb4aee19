using System.Net;
using System.Net.Sockets;

namespace Nst.Functions.Webhooks;

/// <summary>
/// Classifies IP addresses for the webhook SSRF guard. IPv4 addresses embedded in IPv6 (mapped <c>::ffff:a.b.c.d</c>,
/// compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::a.b.c.d</c>) are judged by their IPv4 part, so wrapping a private
/// address in IPv6 does not slip past.
/// </summary>
public static class NetworkAddressClassifier
{
    public static bool IsPublic(IPAddress address) => Classify(address) == AddressCategory.Public;

    public static AddressCategory Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return Embedded(address) is { } v4 ? ClassifyV4(v4) : ClassifyV6(address);
        }

        return ClassifyV4(address);
    }

    private static AddressCategory ClassifyV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0 => AddressCategory.Unspecified,
            10 => AddressCategory.Private,
            127 => AddressCategory.Loopback,
            100 when (b[1] & 0xC0) == 64 => AddressCategory.SharedAddressSpace,
            169 when b[1] == 254 => AddressCategory.LinkLocal,
            172 when (b[1] & 0xF0) == 16 => AddressCategory.Private,
            192 when b[1] == 168 => AddressCategory.Private,
            >= 224 and < 240 => AddressCategory.Multicast,
            255 when b[1] == 255 && b[2] == 255 && b[3] == 255 => AddressCategory.Multicast,
            _ => AddressCategory.Public,
        };
    }

    private static AddressCategory ClassifyV6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressCategory.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressCategory.Loopback;
        }

        return b[0] switch
        {
            0xFF => AddressCategory.Multicast,
            0xFE when (b[1] & 0xC0) == 0x80 => AddressCategory.LinkLocal,
            0xFE when (b[1] & 0xC0) == 0xC0 => AddressCategory.Private,
            0xFC or 0xFD => AddressCategory.Private,
            _ => AddressCategory.Public,
        };
    }

    // The IPv4 address inside an IPv6 one, for the three forms that route to IPv4 hosts.
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        bool zeroHead = b[..12].IndexOfAnyExcept((byte)0) < 0;
        bool compatible = zeroHead && (b[12] | b[13]) != 0;
        bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0;
        return compatible || nat64 ? new IPAddress(b[12..]) : null;
    }
}
