using Sharpdig.Capture;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>The fd.* fields, read from the fd the event uses.</summary>
internal sealed class FdFieldExtractor : FieldExtractor
{
    internal enum Id
    {
        Num, Type, TypeChar, Name, Directory, FileName, Ip, Cip, Sip, Lip, Rip, Port, Cport, Sport, Lport, Rport,
        L4Proto, SockFamily, IsServer, Uid, ContainerName, ContainerDirectory, Proto, Cproto, Sproto, Lproto, Rproto,
        Net, Cnet, Snet, Lnet, Rnet, Connected, NameChanged, CipName, SipName, LipName, RipName, Dev, DevMajor, DevMinor,
    }

    private static readonly Dictionary<string, Id> s_ids = new()
    {
        ["fd.num"] = Id.Num, ["fd.type"] = Id.Type, ["fd.typechar"] = Id.TypeChar, ["fd.name"] = Id.Name,
        ["fd.directory"] = Id.Directory, ["fd.filename"] = Id.FileName, ["fd.ip"] = Id.Ip, ["fd.cip"] = Id.Cip,
        ["fd.sip"] = Id.Sip, ["fd.lip"] = Id.Lip, ["fd.rip"] = Id.Rip, ["fd.port"] = Id.Port, ["fd.cport"] = Id.Cport,
        ["fd.sport"] = Id.Sport, ["fd.lport"] = Id.Lport, ["fd.rport"] = Id.Rport, ["fd.l4proto"] = Id.L4Proto,
        ["fd.sockfamily"] = Id.SockFamily, ["fd.is_server"] = Id.IsServer, ["fd.uid"] = Id.Uid,
        ["fd.containername"] = Id.ContainerName, ["fd.containerdirectory"] = Id.ContainerDirectory,
        ["fd.proto"] = Id.Proto, ["fd.cproto"] = Id.Cproto, ["fd.sproto"] = Id.Sproto, ["fd.lproto"] = Id.Lproto,
        ["fd.rproto"] = Id.Rproto, ["fd.net"] = Id.Net, ["fd.cnet"] = Id.Cnet, ["fd.snet"] = Id.Snet,
        ["fd.lnet"] = Id.Lnet, ["fd.rnet"] = Id.Rnet, ["fd.connected"] = Id.Connected,
        ["fd.name_changed"] = Id.NameChanged, ["fd.cip.name"] = Id.CipName, ["fd.sip.name"] = Id.SipName,
        ["fd.lip.name"] = Id.LipName, ["fd.rip.name"] = Id.RipName, ["fd.dev"] = Id.Dev,
        ["fd.dev.major"] = Id.DevMajor, ["fd.dev.minor"] = Id.DevMinor,
    };

    private readonly Id _id;
    private readonly byte[] _ip = new byte[16];

    private FdFieldExtractor(FieldInfo info, string text, Id id) : base(info, text)
    {
        _id = id;
        if (id == Id.Dev) RawPrintFormat = Events.PrintFormat.Hex;
    }

    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg, out FieldExtractor? x, out string error)
    {
        error = "";
        x = new FdFieldExtractor(info, text, s_ids[info.Name]);
        return true;
    }

    /// <summary>Filter-only fields that match when either end matches (fd.ip, fd.port, fd.net, fd.proto).</summary>
    public bool IsEitherEnd => _id is Id.Ip or Id.Port or Id.Net or Id.Proto;

    /// <summary>For the either-end fields: extract the client end (0) or the server end (1).</summary>
    public bool ExtractEnd(EventContext ctx, int end)
    {
        var fd = ctx.Fd;
        if (fd is null || !fd.IsIpSocket) return false;
        return _id switch
        {
            Id.Ip or Id.Net => SetIp(end == 0 ? fd.SourceIp : fd.DestIp),
            Id.Port or Id.Proto => SetUnsigned(end == 0 ? fd.SourcePort : fd.DestPort),
            _ => false,
        };
    }

    public override bool Extract(EventContext ctx)
    {
        var fd = ctx.Fd;
        if (fd is null) return ExtractWithoutFd(ctx);
        switch (_id)
        {
            case Id.Num: return SetSigned(fd.Number);
            case Id.Type: return SetText(TypeName(fd.Type));
            case Id.TypeChar: Scratch.Clear(); Scratch.Append(fd.TypeChar); return SetText(Scratch);
            case Id.Name:
                // sysdig names a unix socket from the connect tuple while it parses the connect
                // exit, even when the connect failed and the name is not kept afterwards.
                if (fd.Name.IsEmpty && fd.Type == ScapFdType.UnixSocket && !ctx.Record.Info.IsEnter
                    && ctx.Record.Info.Name == "connect" && ctx.Record.Info.IndexOf("tuple") is var ti and >= 0
                    && EventTextHooks.RenderParam is { } render)
                {
                    Scratch.Clear();
                    if (render(ctx, ti, Scratch)) return SetText(Scratch);
                }
                return SetUtf8(fd.Name);
            case Id.Directory:
            case Id.FileName:
            {
                if (fd.Type is not (ScapFdType.File or ScapFdType.FileV2 or ScapFdType.Directory)) return false;
                var name = fd.Name.Bytes;
                int slash = name.LastIndexOf((byte)'/');
                Scratch.Clear();
                if (_id == Id.Directory) Scratch.Append(slash <= 0 ? (slash == 0 ? "/"u8 : name) : name[..slash]);
                else Scratch.Append(slash < 0 ? name : name[(slash + 1)..]);
                return SetText(Scratch);
            }
            case Id.Cip: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetIp(fd.SourceIp);
            case Id.Sip: return fd.IsIpSocket && fd.L4Char != 0 && SetIp(fd.DestIp);
            case Id.Lip: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetIp(IsLocalClient(fd) ? fd.SourceIp : fd.DestIp);
            case Id.Rip: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetIp(IsLocalClient(fd) ? fd.DestIp : fd.SourceIp);
            case Id.Cport: return fd.IsIpSocket && fd.L4Char != 0 && SetUnsigned(fd.SourcePort);
            case Id.Sport: return fd.IsIpSocket && fd.L4Char != 0 && SetUnsigned(fd.DestPort);
            case Id.Lport: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetUnsigned(IsLocalClient(fd) ? fd.SourcePort : fd.DestPort);
            case Id.Rport: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetUnsigned(IsLocalClient(fd) ? fd.DestPort : fd.SourcePort);
            case Id.L4Proto:
                // Known once the socket is bound to a role, as the <4t>/<6u> letters show.
                // Any fd has a protocol text; it is <NA> until an IP socket's role is known.
                if (!fd.IsIpSocket || fd.L4Char == 0) return SetText("<NA>");
                return SetText(fd.L4Proto switch { L4Proto.Tcp => "tcp", L4Proto.Udp => "udp", L4Proto.Icmp => "icmp", L4Proto.Raw => "raw", _ => "<NA>" });
            case Id.SockFamily:
                if (fd.IsIpSocket) return SetText("ip");
                if (fd.Type == ScapFdType.UnixSocket) return SetText("unix");
                return false;
            case Id.IsServer:
                // sysdig answers from the addresses: the server end is this machine (or not known yet).
                if (!fd.IsIpSocket) return SetBool(false);
                return SetBool(fd.Role == FdRole.Server || fd.IsServerSocket || fd.DestIp.IsZero
                    || ctx.State.Interfaces.IsLocal(fd.DestIp));
            case Id.Uid: return SetUid(ctx, fd.Number);
            case Id.ContainerName:
                Scratch.Clear(); Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':'); Scratch.Append(fd.Name.Bytes); return SetText(Scratch);
            case Id.ContainerDirectory:
            {
                if (fd.Type is not (ScapFdType.File or ScapFdType.FileV2 or ScapFdType.Directory)) return false;
                Scratch.Clear(); Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':');
                var name = fd.Name.Bytes; int slash = name.LastIndexOf((byte)'/');
                Scratch.Append(slash <= 0 ? name : name[..slash]);
                return SetText(Scratch);
            }
            case Id.Cproto: return fd.IsIpSocket && fd.L4Char != 0 && SetServiceName(fd.SourcePort, fd.L4Proto, fd);
            case Id.Sproto: return fd.IsIpSocket && fd.L4Char != 0 && SetServiceName(fd.DestPort, fd.L4Proto, fd);
            case Id.Lproto: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetServiceName(IsLocalClient(fd) ? fd.SourcePort : fd.DestPort, fd.L4Proto, fd);
            case Id.Rproto: return fd.IsIpSocket && fd.L4Char != 0 && !fd.IsServerSocket && SetServiceName(IsLocalClient(fd) ? fd.DestPort : fd.SourcePort, fd.L4Proto, fd);
            case Id.Cnet: return fd.IsIpSocket && SetIp(fd.SourceIp);
            case Id.Snet: return fd.IsIpSocket && SetIp(fd.DestIp);
            case Id.Lnet: return fd.IsIpSocket && SetIp(IsLocalClient(fd) ? fd.SourceIp : fd.DestIp);
            case Id.Rnet: return fd.IsIpSocket && SetIp(IsLocalClient(fd) ? fd.DestIp : fd.SourceIp);
            case Id.Connected: return SetBool(fd.IsIpSocket && !fd.IsServerSocket && fd.Role != FdRole.None);
            case Id.NameChanged: return SetBool(false);
            case Id.CipName: case Id.SipName: case Id.LipName: case Id.RipName: return false;
            case Id.Dev: return SetSigned(fd.Dev);
            case Id.DevMajor: return SetSigned((fd.Dev >> 20) & 0xfff);
            case Id.DevMinor: return SetSigned(fd.Dev & 0xfffff);
            case Id.Ip: case Id.Port: case Id.Net: case Id.Proto: return false;
        }
        return false;
    }

    /// <summary>
    /// An event that names an fd the table does not hold, or whose fd is not created yet (enter of
    /// open/socket): sysdig still reports a number (-1 before creation) and a guessed type letter.
    /// </summary>
    private bool ExtractWithoutFd(EventContext ctx)
    {
        var e = ctx.Record;
        var info = e.Info;
        bool usesFd = (info.Flags & (Events.EventFlags.UsesFd | Events.EventFlags.CreatesFd)) != 0;
        if (_id == Id.Uid)
            return (usesFd || ctx.FdNumber >= 0) && SetUid(ctx, ctx.FdNumber >= 0 ? ctx.FdNumber : -1);
        if (info.IsEnter)
        {
            // Before the fd exists (open/socket enter) sysdig shows -1 and a letter guessed from the
            // event family; an fd number not in the table shows as an unknown ('o') fd.
            bool creates = (info.Flags & Events.EventFlags.CreatesFd) != 0;
            if (ctx.FdNumber < 0 && !creates) return false;
            switch (_id)
            {
                case Id.Num: return SetSigned(ctx.FdNumber >= 0 ? ctx.FdNumber : -1);
                case Id.TypeChar:
                    if (ctx.FdNumber >= 0) return SetText("o");
                    return (info.Category & ~Events.EventCategory.Syscall) switch
                    {
                        Events.EventCategory.File => SetText("f"),
                        Events.EventCategory.Net => SetText("4"),
                        _ => false,
                    };
                default: return false;
            }
        }
        // Exit of an event about an fd the table does not hold: sysdig works on an empty fd
        // record (number, unknown type, empty name); a failed open keeps the path it tried.
        if (!usesFd) return false;
        bool failedOpen = EventFieldExtractor.IsFailed(e) && info.IndexOf("name") >= 0
            && (info.Flags & Events.EventFlags.CreatesFd) != 0;
        // An exit whose enter was filtered out has no fd looked up, but the thread still
        // remembers the number its enter named.
        long number = ctx.FdNumber >= 0 ? ctx.FdNumber
            : (info.Flags & Events.EventFlags.UsesFd) != 0 && ctx.ParserThread is { } pt ? pt.LastEventFd : -1;
        if (number < 0 && !failedOpen && info.IndexOf("fd") < 0) return false;
        switch (_id)
        {
            case Id.Num: return SetSigned(number >= 0 ? number : -1);
            case Id.TypeChar: return SetText("o");
            case Id.Name:
                if (failedOpen)
                {
                    var p = e.GetParam(info.IndexOf("name"));
                    int nul = p.IndexOf((byte)0);
                    return SetTextCopy(nul >= 0 ? p[..nul] : p);
                }
                return SetText("");
            case Id.ContainerName:
            {
                Scratch.Clear(); Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':');
                if (failedOpen)
                {
                    var p = e.GetParam(info.IndexOf("name"));
                    int nul = p.IndexOf((byte)0);
                    Scratch.Append(nul >= 0 ? p[..nul] : p);
                }
                return SetText(Scratch);
            }
            case Id.ContainerDirectory:
                if (failedOpen) return false;
                Scratch.Clear(); Scratch.Append(ContainerIdOf(ctx)); Scratch.Append(":/"u8); return SetText(Scratch);
            case Id.Directory:
                if (!failedOpen) return SetText("/");
                {
                    var p = e.GetParam(info.IndexOf("name"));
                    int nul = p.IndexOf((byte)0);
                    if (nul >= 0) p = p[..nul];
                    int slash = p.LastIndexOf((byte)'/');
                    return slash >= 0 && SetTextCopy(slash == 0 ? "/"u8 : p[..slash]);
                }
            default: return false;
        }
    }

    private static bool IsLocalClient(FdInfo fd) => fd.Role != FdRole.Server;

    // The host's container id is empty here (sysdig prints ":/path" for host fds).
    private static string ContainerIdOf(EventContext ctx) => ctx.Thread?.ContainerId ?? "";

    /// <summary>fd.uid: the thread id and the fd number written one after the other.</summary>
    private bool SetUid(EventContext ctx, long fdNumber)
    {
        if (ctx.Thread is not { } t) return false;
        Scratch.Clear(); Scratch.Append(t.Tid); Scratch.Append(fdNumber);
        return SetText(Scratch);
    }

    private bool SetIp(IpAddress ip)
    {
        ip.CopyTo(_ip);
        return SetText(_ip, 0, ip.IsV6 ? 16 : 4);
    }

    private bool SetUtf8(Utf8Text text)
    {
        Scratch.Clear();
        Scratch.Append(text.Bytes);
        return SetText(Scratch);
    }

    /// <summary>The *proto fields: the port as text (names come only with -R in sysdig 0.29.3); empty for port 0.</summary>
    private bool SetServiceName(ushort port, L4Proto proto, FdInfo fd)
    {
        Scratch.Clear();
        if (port != 0 && !fd.IsServerSocket) Scratch.Append((ulong)port);
        return SetText(Scratch);
    }

    /// <summary>fd.type's word for each fd kind (also what chisels see in the thread table).</summary>
    internal static string TypeName(ScapFdType t) => t switch
    {
        ScapFdType.File or ScapFdType.FileV2 => "file",
        ScapFdType.Directory => "directory",
        ScapFdType.IPv4Socket or ScapFdType.IPv4ServerSocket => "ipv4",
        ScapFdType.IPv6Socket or ScapFdType.IPv6ServerSocket => "ipv6",
        ScapFdType.UnixSocket => "unix",
        ScapFdType.Fifo => "pipe",
        ScapFdType.Event => "event",
        ScapFdType.SignalFd => "signalfd",
        ScapFdType.EventPoll => "eventpoll",
        ScapFdType.Inotify => "inotify",
        ScapFdType.TimerFd => "timerfd",
        ScapFdType.Netlink => "netlink",
        // Kinds only newer captures carry.
        ScapFdType.Bpf => "bpf",
        ScapFdType.UserFaultFd => "userfaultfd",
        ScapFdType.IoUring => "io_uring",
        ScapFdType.MemFd => "memfd",
        ScapFdType.PidFd => "pidfd",
        _ => "<NA>",
    };
}

/// <summary>Port to service name from /etc/services (what getservbyport answers), loaded once.</summary>
internal static class ServiceNames
{
    private static Dictionary<(int, string), string>? s_byPort;
    private static Dictionary<string, int>? s_byName;

    public static string? Lookup(int port, string proto)
    {
        Load();
        return s_byPort!.TryGetValue((port, proto), out var n) ? n : null;
    }

    public static bool TryGetPort(string name, out int port)
    {
        Load();
        return s_byName!.TryGetValue(name, out port);
    }

    private static void Load()
    {
        if (s_byPort is not null) return;
        var byPort = new Dictionary<(int, string), string>();
        var byName = new Dictionary<string, int>();
        try
        {
            foreach (var raw in File.ReadLines("/etc/services"))
            {
                var line = raw;
                int hash = line.IndexOf('#');
                if (hash >= 0) line = line[..hash];
                var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2) continue;
                var pp = parts[1].Split('/');
                if (pp.Length != 2 || !int.TryParse(pp[0], out int port)) continue;
                byPort.TryAdd((port, pp[1]), parts[0]);
                for (int i = 0; i < parts.Length; i++) if (i != 1) byName.TryAdd(parts[i], port);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        s_byName = byName;
        s_byPort = byPort;
    }
}
