using System.Net;

namespace Sharpdig.Fields;

/// <summary>IP address bytes (4 or 16, network order) to and from text, as inet_ntop/inet_pton do.</summary>
public static class IpText
{
    public static void Append(TextBuffer output, ReadOnlySpan<byte> address)
    {
        var dest = output.GetSpan(Formatting.AddressText.MaxIpLength);
        if (address.Length == 4) output.Advance(Formatting.AddressText.WriteIPv4(address, dest));
        else if (address.Length == 16) output.Advance(Formatting.AddressText.WriteIPv6(address, dest));
    }

    public static bool TryParseV4(string text, out uint networkOrder)
    {
        networkOrder = 0;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        Span<byte> b = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].Length == 0 || parts[i].Length > 3 || !parts[i].All(char.IsAsciiDigit)) return false;
            int v = int.Parse(parts[i]);
            if (v > 255) return false;
            b[i] = (byte)v;
        }
        networkOrder = BitConverter.ToUInt32(b);
        return true;
    }

    public static bool TryParseV6(string text, out byte[] bytes)
    {
        bytes = [];
        if (!text.Contains(':')) return false;
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
        bytes = ip.GetAddressBytes();
        return true;
    }
}
