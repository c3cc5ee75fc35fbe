using System.Buffers.Binary;
using Sharpdig.State;

namespace Sharpdig.Formatting;

/// <summary>
/// Writes IP addresses and ports as sysdig prints them: dotted IPv4 from the bytes in order and
/// IPv6 as glibc's inet_ntop does (lowercase, longest zero run of 2+ words compressed, embedded
/// IPv4 for ::ffff:a.b.c.d and ::a.b.c.d). Output is ASCII into a caller's span; returns the length.
/// </summary>
public static class AddressText
{
    public const int MaxIpLength = 46;

    public static int WriteIp(IpAddress ip, Span<byte> dest)
    {
        Span<byte> b = stackalloc byte[16];
        ip.CopyTo(b);
        return ip.IsV6 ? WriteIPv6(b, dest) : WriteIPv4(b[..4], dest);
    }

    public static int WriteIPv4(ReadOnlySpan<byte> a, Span<byte> dest)
    {
        int n = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0) dest[n++] = (byte)'.';
            n += WriteUInt(a[i], dest[n..]);
        }
        return n;
    }

    public static int WriteIPv6(ReadOnlySpan<byte> a, Span<byte> dest)
    {
        Span<ushort> w = stackalloc ushort[8];
        for (int i = 0; i < 8; i++) w[i] = BinaryPrimitives.ReadUInt16BigEndian(a[(2 * i)..]);
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int i = 0; i < 8; i++)
        {
            if (w[i] == 0)
            {
                if (curBase < 0) { curBase = i; curLen = 1; } else curLen++;
            }
            else if (curBase >= 0)
            {
                if (bestBase < 0 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
                curBase = -1;
            }
        }
        if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
        if (bestBase >= 0 && bestLen < 2) bestBase = -1;

        int n = 0;
        for (int i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen)
            {
                if (i == bestBase) dest[n++] = (byte)':';
                continue;
            }
            if (i != 0) dest[n++] = (byte)':';
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)))
            {
                n += WriteIPv4(a[12..16], dest[n..]);
                return n;
            }
            n += WriteHex(w[i], dest[n..]);
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) dest[n++] = (byte)':';
        return n;
    }

    /// <summary>`ip:port` (no brackets for IPv6, as sysdig prints).</summary>
    public static int WriteEndpoint(IpAddress ip, ushort port, Span<byte> dest)
    {
        int n = WriteIp(ip, dest);
        dest[n++] = (byte)':';
        n += WriteUInt(port, dest[n..]);
        return n;
    }

    /// <summary>`sip:sport->dip:dport`.</summary>
    public static int WriteTuple(IpAddress sip, ushort sport, IpAddress dip, ushort dport, Span<byte> dest)
    {
        int n = WriteEndpoint(sip, sport, dest);
        dest[n++] = (byte)'-'; dest[n++] = (byte)'>';
        n += WriteEndpoint(dip, dport, dest[n..]);
        return n;
    }

    private static int WriteUInt(uint v, Span<byte> dest)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(v, dest, out int n);
        return n;
    }

    private static int WriteHex(ushort v, Span<byte> dest)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(v, dest, out int n, new System.Buffers.StandardFormat('x'));
        return n;
    }
}
