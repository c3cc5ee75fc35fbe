using Sharpdig.Events;

namespace Sharpdig.Cli;

/// <summary>-L: every event sysdig lists, as `DIR name(TYPE param, ...)`.</summary>
public static class EventList
{
    public static void Write(Stream output)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var e in EventTable.All)
        {
            if (!e.ListedBySysdig) continue;
            sb.Append(e.IsEnter ? '>' : '<').Append(' ').Append(e.Name).Append('(');
            for (int i = 0; i < e.Parameters.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(TypeName(e.Parameters[i].Type)).Append(' ').Append(e.Parameters[i].Name);
            }
            sb.Append(")\n");
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(sb.ToString());
        output.Write(bytes, 0, bytes.Length);
    }

    private static string TypeName(ParamType t) => t switch
    {
        ParamType.None => "NONE", ParamType.Int8 => "INT8", ParamType.Int16 => "INT16", ParamType.Int32 => "INT32",
        ParamType.Int64 => "INT64", ParamType.UInt8 => "UINT8", ParamType.UInt16 => "UINT16", ParamType.UInt32 => "UINT32",
        ParamType.UInt64 => "UINT64", ParamType.CharBuf => "CHARBUF", ParamType.ByteBuf => "BYTEBUF", ParamType.Errno => "ERRNO",
        ParamType.SockAddr => "SOCKADDR", ParamType.SockTuple => "SOCKTUPLE", ParamType.Fd => "FD", ParamType.Pid => "PID",
        ParamType.FdList => "FDLIST", ParamType.FsPath => "FSPATH", ParamType.SyscallId => "SYSCALLID", ParamType.SigType => "SIGTYPE",
        ParamType.RelTime => "RELTIME", ParamType.AbsTime => "ABSTIME", ParamType.Port => "PORT", ParamType.L4Proto => "L4PROTO",
        ParamType.SockFamily => "SOCKFAMILY", ParamType.Bool => "BOOL", ParamType.IPv4Addr => "IPV4ADDR", ParamType.Dyn => "DYNAMIC",
        ParamType.Flags8 => "FLAGS8", ParamType.Flags16 => "FLAGS16", ParamType.Flags32 => "FLAGS32", ParamType.Uid => "UID",
        ParamType.Gid => "GID", ParamType.Double => "DOUBLE", ParamType.SigSet => "SIGSET", ParamType.CharBufArray => "CHARBUFARRAY",
        ParamType.CharBufPairArray => "CHARBUF_PAIR_ARRAY", ParamType.IPv4Net => "IPV4NET", ParamType.IPv6Addr => "IPV6ADDR",
        ParamType.IPv6Net => "IPV6NET", ParamType.IPAddr => "IPADDR", ParamType.IPNet => "IPNET", ParamType.Mode => "MODE",
        ParamType.FsRelPath => "FSRELPATH", _ => t.ToString().ToUpperInvariant(),
    };
}
