using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.State;

namespace Sharpdig.Formatting;

/// <summary>
/// SOCKADDR and SOCKTUPLE parameter text (event-params.md §7). With a service table (-R) ports
/// are written as service names looked up for the transport <c>proto</c>, numbers otherwise.
/// </summary>
public static class SocketText
{
    private const byte AfUnix = 1, AfInet = 2, AfInet6 = 10;

    public static void WriteSockAddr(ByteWriter w, ReadOnlySpan<byte> d, ServiceTable? names = null, L4Proto proto = L4Proto.Unknown)
    {
        if (d.Length == 0) { w.Write("NULL"u8); return; }
        switch (d[0])
        {
            case AfUnix:
                ParamRenderer.WriteSanitized(w, d[1..]);
                break;
            case AfInet:
                if (d.Length != 7) { w.Write("INVALID IPv4"u8); break; }
                WriteEndpoint(w, IpAddress.FromBytes(d.Slice(1, 4)), BinaryPrimitives.ReadUInt16LittleEndian(d[5..]), names, proto);
                break;
            case AfInet6:
                if (d.Length != 19) { w.Write("INVALID IPv6"u8); break; }
                WriteEndpoint(w, IpAddress.FromBytes(d.Slice(1, 16)), BinaryPrimitives.ReadUInt16LittleEndian(d[17..]), names, proto);
                break;
            default:
                w.Write("family "u8); w.Write((long)d[0]);
                break;
        }
    }

    public static void WriteSockTuple(ByteWriter w, ReadOnlySpan<byte> d, ServiceTable? names = null, L4Proto proto = L4Proto.Unknown)
    {
        if (d.Length == 0) { w.Write("NULL"u8); return; }
        switch (d[0])
        {
            case AfInet:
                if (d.Length != 13) { w.Write("INVALID IPv4"u8); break; }
                WriteEndpoint(w, IpAddress.FromBytes(d.Slice(1, 4)), BinaryPrimitives.ReadUInt16LittleEndian(d[5..]), names, proto);
                w.Write("->"u8);
                WriteEndpoint(w, IpAddress.FromBytes(d.Slice(7, 4)), BinaryPrimitives.ReadUInt16LittleEndian(d[11..]), names, proto);
                break;
            case AfInet6:
                {
                    if (d.Length != 37) { w.Write("INVALID IPv6"u8); break; }
                    var s = IpAddress.FromBytes(d.Slice(1, 16));
                    var t = IpAddress.FromBytes(d.Slice(19, 16));
                    if (IsV4MappedOrZero(s) && IsV4MappedOrZero(t)) { s = s.ToV4(); t = t.ToV4(); }
                    WriteEndpoint(w, s, BinaryPrimitives.ReadUInt16LittleEndian(d[17..]), names, proto);
                    w.Write("->"u8);
                    WriteEndpoint(w, t, BinaryPrimitives.ReadUInt16LittleEndian(d[35..]), names, proto);
                    break;
                }
            case AfUnix:
                if (d.Length < 17) { w.Write("family 1"u8); break; }
                w.WriteHexLower(BinaryPrimitives.ReadUInt64LittleEndian(d[1..]));
                w.Write("->"u8);
                w.WriteHexLower(BinaryPrimitives.ReadUInt64LittleEndian(d[9..]));
                w.Write((byte)' ');
                ParamRenderer.WriteSanitized(w, d[17..]);
                break;
            default:
                w.Write("family "u8); w.Write((long)d[0]);
                break;
        }
    }

    /// <summary>sinsp's is_ipv4_mapped_ipv6: ::ffff:a.b.c.d or the all-zero address.</summary>
    public static bool IsV4MappedOrZero(IpAddress a) => a.IsV6 && (a.IsV4Mapped || a.IsZero);

    /// <summary>`ip:port`, the port as its service name when a table is given and has one.</summary>
    public static void WriteEndpoint(ByteWriter w, IpAddress ip, ushort port, ServiceTable? names = null, L4Proto proto = L4Proto.Unknown)
    {
        WriteIp(w, ip);
        w.Write((byte)':');
        WritePort(w, port, names, proto);
    }

    /// <summary>A port as sinsp's port_to_string writes it: the service name with -R, else the number.</summary>
    public static void WritePort(ByteWriter w, ushort port, ServiceTable? names, L4Proto proto)
    {
        var name = names is null ? default : names.NameOf(port, proto);
        if (name.IsEmpty) w.Write((ulong)port);
        else w.Write(name);
    }

    public static void WriteIp(ByteWriter w, IpAddress ip)
    {
        var dest = w.GetSpan(AddressText.MaxIpLength);
        w.Advance(AddressText.WriteIp(ip, dest));
    }
}
