using System.Buffers.Binary;
using System.Text;
using Sharpdig.Events;

namespace Sharpdig.Tests.Support;

/// <summary>Builds scap v2 event records by hand (for unit tests and synthetic captures).</summary>
public static class EventBuilder
{
    public static byte[] Record(ushort type, long tid, ulong ts, params byte[][] ps)
    {
        var info = EventTable.Get(type);
        int width = info.HasLargePayload ? 4 : 2;
        int len = EventRecord.HeaderSize + ps.Length * width + ps.Sum(p => p.Length);
        var b = new byte[len];
        BinaryPrimitives.WriteUInt64LittleEndian(b, ts);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), tid);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), (uint)len);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), type);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(22), (uint)ps.Length);
        int pos = EventRecord.HeaderSize;
        foreach (var p in ps)
        {
            if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(pos), (ushort)p.Length);
            else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(pos), (uint)p.Length);
            pos += width;
        }
        foreach (var p in ps) { p.CopyTo(b, pos); pos += p.Length; }
        return b;
    }

    public static EventRecord Load(byte[] raw, ushort cpu = 0, uint dumpFlags = 0)
    {
        var r = new EventRecord();
        r.Load(raw, 0, raw.Length, cpu, dumpFlags);
        return r;
    }

    public static byte[] I64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }
    public static byte[] U64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }
    public static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    public static byte[] I32(int v) => U32((uint)v);
    public static byte[] U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
    public static byte[] U8(byte v) => [v];
    public static byte[] Str(string s) => [.. Encoding.UTF8.GetBytes(s), 0];
    public static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    public static byte[] SockAddr4(string ip, ushort port) =>
        [2, .. System.Net.IPAddress.Parse(ip).GetAddressBytes(), .. U16(port)];
    public static byte[] SockAddr6(string ip, ushort port) =>
        [10, .. System.Net.IPAddress.Parse(ip).GetAddressBytes(), .. U16(port)];
    public static byte[] Tuple4(string sip, ushort sport, string dip, ushort dport) =>
        [2, .. System.Net.IPAddress.Parse(sip).GetAddressBytes(), .. U16(sport),
         .. System.Net.IPAddress.Parse(dip).GetAddressBytes(), .. U16(dport)];
    public static byte[] Tuple6(string sip, ushort sport, string dip, ushort dport) =>
        [10, .. System.Net.IPAddress.Parse(sip).GetAddressBytes(), .. U16(sport),
         .. System.Net.IPAddress.Parse(dip).GetAddressBytes(), .. U16(dport)];
    /// <summary>A FDLIST parameter: u16 count, then each fd (i64) with its poll flags (i16).</summary>
    public static byte[] FdList(params long[] fds) =>
        [.. U16((ushort)fds.Length), .. fds.SelectMany(fd => (byte[])[.. I64(fd), .. U16(1)])];

    public static byte[] UnixTuple(ulong src, ulong dst, string path) => [1, .. U64(src), .. U64(dst), .. Str(path)];
}
