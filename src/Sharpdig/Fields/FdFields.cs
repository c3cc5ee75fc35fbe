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
        if (!IsFdEvent(ctx)) return false;
        var fd = FdOf(ctx);
        if (fd is null || !fd.IsIpSocket) return false;
        return _id switch
        {
            Id.Ip or Id.Net => SetIp(end == 0 ? fd.SourceIp : fd.DestIp),
            Id.Port or Id.Proto => SetUnsigned(end == 0 ? fd.SourcePort : fd.DestPort),
            _ => false,
        };
    }

    /// <summary>
    /// The event's fd or, when parsing left none (an exit whose enter did not pair), the fd the
    /// thread's last event named, as sysdig's fd fields look it up.
    /// </summary>
    private static FdInfo? FdOf(EventContext ctx)
    {
        if (ctx.Fd is { } fd) return fd;
        return ctx.Thread is { LastEventFd: not -1 } t ? t.Fds.Get(t.LastEventFd) : null;
    }

    /// <summary>fd fields exist only on events that create, use or close an fd (sinsp's extract_fd).</summary>
    private static bool IsFdEvent(EventContext ctx) =>
        (ctx.Record.Info.Flags & (Events.EventFlags.UsesFd | Events.EventFlags.CreatesFd | Events.EventFlags.DestroysFd)) != 0;

    public override bool Extract(EventContext ctx)
    {
        if (!IsFdEvent(ctx)) return false;
        var fd = FdOf(ctx);
        if (fd is null) return ExtractWithoutFd(ctx);
        switch (_id)
        {
            // The number the thread's last fd event named (sinsp's lastevent_fd): for an openat
            // relative to a dirfd the fd looked up is the directory's, but the number stays -1.
            case Id.Num: return SetSigned(ctx.Thread is { } nt ? nt.LastEventFd : fd.Number);
            case Id.Type: return SetText(TypeName(fd.Type));
            case Id.TypeChar: Scratch.Clear(); Scratch.Append(fd.TypeChar); return SetText(Scratch);
            case Id.Name:
            case Id.ContainerName:
                // A failed connect is named from its tuple parameter, as when there is no fd.
                if (ctx.Record.Type == State.Ppme.SocketConnectX && EventFieldExtractor.TryGetRes(ctx.Record, out long cres) && cres < 0)
                    return NameFromCreator(ctx);
                Scratch.Clear();
                if (_id == Id.ContainerName) { Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':'); }
                // sinsp drops unprintable bytes here (names from a capture's fd table can end in '\n').
                Scratch.AppendPrintable(fd.Name.Bytes);
                return SetText(Scratch);
            case Id.Directory:
            case Id.ContainerDirectory:
            {
                bool isFile = fd.Type is ScapFdType.File or ScapFdType.FileV2;
                if (!isFile && fd.Type != ScapFdType.Directory) return false;
                Scratch.Clear();
                if (_id == Id.ContainerDirectory) { Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':'); }
                // A directory fd's own name is its directory.
                if (isFile) AppendDirectoryOf(Scratch, fd.Name.Bytes); else Scratch.Append(fd.Name.Bytes);
                return SetText(Scratch);
            }
            case Id.FileName:
            {
                if (fd.Type is not (ScapFdType.File or ScapFdType.FileV2)) return false;
                var name = fd.Name.Bytes;
                int slash = name.LastIndexOf((byte)'/');
                Scratch.Clear();
                if (slash < 0) Scratch.Append((byte)'/');
                else Scratch.Append(slash < name.Length - 1 ? name[(slash + 1)..] : name);
                return SetText(Scratch);
            }
            // The client/server ends need a known role (a listening socket's server end too).
            case Id.Cip: return fd.IsIpSocket && fd.Role != FdRole.None && !fd.IsServerSocket && SetIp(fd.SourceIp);
            case Id.Sip: return fd.IsIpSocket && fd.Role != FdRole.None && SetIp(fd.DestIp);
            case Id.Lip: return IsConnectedIpSocket(fd) && SetIp(ClientIsLocal(ctx, fd) ? fd.SourceIp : fd.DestIp);
            case Id.Rip: return IsConnectedIpSocket(fd) && SetIp(ClientIsLocal(ctx, fd) ? fd.DestIp : fd.SourceIp);
            // sysdig reads the client port of any other fd with a role (a listening or unix socket)
            // as 0; a listening socket's server port needs no role.
            case Id.Cport: return fd.Role != FdRole.None && SetUnsigned(fd.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket ? fd.SourcePort : 0UL);
            case Id.Sport: return fd.IsIpSocket && (fd.IsServerSocket || fd.Role != FdRole.None) && SetUnsigned(fd.DestPort);
            case Id.Lport: return IsConnectedIpSocket(fd) && SetUnsigned(ClientIsLocal(ctx, fd) ? fd.SourcePort : fd.DestPort);
            case Id.Rport: return IsConnectedIpSocket(fd) && SetUnsigned(ClientIsLocal(ctx, fd) ? fd.DestPort : fd.SourcePort);
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
                // sysdig answers from the addresses alone: a listening socket, or a connection
                // whose server address is this machine's.
                if (fd.IsServerSocket) return SetBool(true);
                if (fd.Type is not (ScapFdType.IPv4Socket or ScapFdType.IPv6Socket)) return SetBool(false);
                return SetBool(ctx.State.Interfaces.IsLocalFor(fd.DestIp, ctx.Thread?.ContainerId ?? "", ctx.State.Containers));
            case Id.Uid: return SetUid(ctx, ctx.Thread is { } ut ? ut.LastEventFd : fd.Number);
            // The protocol texts are empty for a listening socket (and for any other fd with a role).
            case Id.Cproto: return fd.Role != FdRole.None && SetServiceName(ctx, fd.SourcePort, fd);
            case Id.Sproto:
                if (fd.IsServerSocket) return SetServiceName(ctx, fd.DestPort, fd);
                return fd.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket && fd.Role != FdRole.None && SetServiceName(ctx, fd.DestPort, fd);
            case Id.Lproto: return IsConnectedIpSocket(fd) && SetServiceName(ctx, ClientIsLocal(ctx, fd) ? fd.SourcePort : fd.DestPort, fd);
            case Id.Rproto: return IsConnectedIpSocket(fd) && SetServiceName(ctx, ClientIsLocal(ctx, fd) ? fd.DestPort : fd.SourcePort, fd);
            case Id.Cnet: return fd.IsIpSocket && SetIp(fd.SourceIp);
            case Id.Snet: return fd.IsIpSocket && SetIp(fd.DestIp);
            case Id.Lnet: return IsConnectedIpSocket(fd) && SetIp(ClientIsLocal(ctx, fd) ? fd.SourceIp : fd.DestIp);
            case Id.Rnet: return IsConnectedIpSocket(fd) && SetIp(ClientIsLocal(ctx, fd) ? fd.DestIp : fd.SourceIp);
            case Id.Connected: return SetBool(fd.Connected);
            case Id.NameChanged: return SetBool(ctx.FdNameChanged);
            case Id.CipName: case Id.SipName: case Id.LipName: case Id.RipName: return false;
            case Id.Dev: return SetSigned(fd.Dev);
            // The device number is in the kernel's new_encode_dev layout (as the events carry it).
            case Id.DevMajor: return SetSigned((fd.Dev & 0xfff00) >> 8);
            case Id.DevMinor: return SetSigned((fd.Dev & 0xff) | ((fd.Dev >> 12) & 0xfff00));
            case Id.Ip: case Id.Port: case Id.Net: case Id.Proto: return false;
        }
        return false;
    }

    /// <summary>
    /// An fd event whose fd the table does not hold (not created yet, failed, or unknown): like
    /// sysdig, fd.num is the number the thread's last event named, the type letter is guessed from
    /// the syscall, and exit events that create an fd are named from their parameters.
    /// </summary>
    private bool ExtractWithoutFd(EventContext ctx)
    {
        var e = ctx.Record;
        if (ctx.Thread is not { } t) return false;
        switch (_id)
        {
            case Id.Num: return SetSigned(ctx.FdNumber >= 0 ? ctx.FdNumber : t.LastEventFd);
            case Id.Uid: return SetUid(ctx, ctx.FdNumber >= 0 ? ctx.FdNumber : t.LastEventFd);
            case Id.TypeChar: Scratch.Clear(); Scratch.Append(GuessedTypeChar(e.Type)); return SetText(Scratch);
            case Id.Name: return NameFromCreator(ctx);
            case Id.ContainerName:
            case Id.Directory:
            case Id.ContainerDirectory:
            {
                _creator.Clear();
                if (!AppendCreatorName(ctx, _creator)) return false;
                Scratch.Clear();
                if (_id != Id.Directory) { Scratch.Append(ContainerIdOf(ctx)); Scratch.Append((byte)':'); }
                if (_id == Id.ContainerName) Scratch.Append(_creator.Span);
                else AppendDirectoryOf(Scratch, _creator.Span);
                return SetText(Scratch);
            }
            // fd.filename is only given for open enter events, which have no name yet.
            default: return false;
        }
    }

    private readonly TextBuffer _creator = new(256);

    private bool NameFromCreator(EventContext ctx)
    {
        _creator.Clear();
        if (_id == Id.ContainerName) { _creator.Append(ContainerIdOf(ctx)); _creator.Append((byte)':'); }
        if (!AppendCreatorName(ctx, _creator)) return false;
        return SetText(_creator);
    }

    /// <summary>
    /// The name an fd-creating exit event gives its fd even when it failed: the path it opened
    /// (joined to the cwd or dirfd), the tuple of accept/connect. Other exits name it empty;
    /// enter events have none (false).
    /// </summary>
    private static bool AppendCreatorName(EventContext ctx, TextBuffer output)
    {
        var e = ctx.Record;
        if (e.Info.IsEnter) return false;
        switch (e.Type)
        {
            case State.Ppme.SyscallOpenX: case State.Ppme.SyscallCreatX:
            {
                // The path resolved against the cwd, or as written when that comes out empty.
                var name = Formatting.ParamRenderer.UpToNul(e.GetParam(1));
                int start = output.Length;
                if (ctx.Thread is { } t && name.Length > 0 && !name.StartsWith("<NA>"u8)) AppendJoined(output, t.Cwd.Bytes, name);
                if (output.Length == start) output.Append(name);
                return true;
            }
            case State.Ppme.SocketAcceptX: case State.Ppme.SocketAcceptV5X: case State.Ppme.SocketAccept4X:
            case State.Ppme.SocketAccept4V5X: case State.Ppme.SocketConnectX:
                return EventTextHooks.RenderParam is { } render && e.ParamCount > 1 && render(ctx, 1, output);
            case State.Ppme.SyscallOpenatX: case State.Ppme.SyscallOpenatV2X: case State.Ppme.SyscallOpenat2X:
            {
                // The old openat exit has no path: sysdig reads it from the saved enter event, which
                // is only still there while the filter runs (it is freed before the output line).
                Events.EventRecord? source = e;
                if (e.Type == State.Ppme.SyscallOpenatX)
                    source = ctx.ParserThread is { HasLastEnter: true } ? ctx.Enter : null;
                if (source is null || ctx.Thread is not { } t) return false;
                var name = Formatting.ParamRenderer.UpToNul(source.GetParam(e.Type == State.Ppme.SyscallOpenatX ? 1 : 2));
                long dirfd = StateEngine.P64(source, e.Type == State.Ppme.SyscallOpenatX ? 0 : 1);
                // sinsp's parse_dirfd: the cwd for AT_FDCWD, else the dirfd's name and a '/'.
                if (name.Length > 0 && name[0] == '/') AppendJoined(output, "."u8, name);
                else if (dirfd == -100) AppendJoined(output, t.Cwd.Bytes, name);
                // Like sysdig, looking the directory up makes it the event's fd for the fields after this one.
                else if ((ctx.Fd = t.Fds.Get(dirfd)) is { } dir)
                {
                    Span<byte> withSlash = stackalloc byte[Formatting.PathText.MaxPathSize];
                    var d = dir.Name.Bytes;
                    if (d.Length + 1 > withSlash.Length) return false;
                    d.CopyTo(withSlash);
                    withSlash[d.Length] = (byte)'/';
                    AppendJoined(output, withSlash[..(d.Length + 1)], name);
                }
                else AppendJoined(output, "<UNKNOWN>"u8, name);
                return true;
            }
            default:
                return true;   // named, but empty
        }
    }

    private static void AppendJoined(TextBuffer output, ReadOnlySpan<byte> dir, ReadOnlySpan<byte> name)
    {
        Span<byte> buffer = stackalloc byte[Formatting.PathText.MaxPathSize];
        output.Append(Formatting.PathText.JoinForState(dir, name, buffer));
    }

    /// <summary>fd.directory of a file name: up to its last '/', "/" when there is none or it is the first byte.</summary>
    private static void AppendDirectoryOf(TextBuffer output, ReadOnlySpan<byte> name)
    {
        int slash = name.LastIndexOf((byte)'/');
        if (slash <= 0) output.Append((byte)'/');
        else output.Append(slash < name.Length - 1 ? name[..slash] : name);
    }

    /// <summary>fd.typechar without an fd: the kind the syscall would create, 'o' when it creates none.</summary>
    private static byte GuessedTypeChar(ushort type) => (ushort)(type & ~1) switch
    {
        State.Ppme.SyscallOpenE or State.Ppme.SyscallOpenatE or State.Ppme.SyscallOpenatV2E or State.Ppme.SyscallOpenat2E
            or State.Ppme.SyscallCreatE => (byte)'f',
        // sysdig guesses IPv4 for every socket, whatever its family.
        State.Ppme.SocketSocketE or State.Ppme.SocketAcceptE or State.Ppme.SocketAcceptV5E or State.Ppme.SocketAccept4E
            or State.Ppme.SocketAccept4V5E => (byte)'4',
        State.Ppme.SyscallPipeE => (byte)'p',
        State.Ppme.SyscallEventfdE => (byte)'e',
        State.Ppme.SyscallSignalfdE => (byte)'s',
        State.Ppme.SyscallTimerfdCreateE => (byte)'t',
        State.Ppme.SyscallInotifyInitE => (byte)'i',
        _ => (byte)'o',
    };

    /// <summary>The local/remote fields need a connected (not listening) IP socket whose role is known.</summary>
    private static bool IsConnectedIpSocket(FdInfo fd) =>
        fd.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket && fd.Role != FdRole.None;

    /// <summary>
    /// Which end is local is decided by the client address alone, as sysdig does: local when it
    /// is an address of this machine (for IPv4 also its container's), whatever our role.
    /// </summary>
    private static bool ClientIsLocal(EventContext ctx, FdInfo fd) =>
        ctx.State.Interfaces.IsLocalFor(fd.SourceIp, ctx.Thread?.ContainerId ?? "", ctx.State.Containers);

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

    /// <summary>
    /// The *proto fields: the port as text, or with -R its service name for the fd's transport;
    /// empty for fds that are not connection sockets.
    /// </summary>
    private bool SetServiceName(EventContext ctx, ushort port, FdInfo fd)
    {
        Scratch.Clear();
        if (fd.Type is ScapFdType.IPv4Socket or ScapFdType.IPv6Socket)
        {
            var name = ctx.State.PortNames is { } names ? names.NameOf(port, fd.EffectiveL4Proto) : default;
            if (name.IsEmpty) Scratch.Append((ulong)port);
            else Scratch.Append(name);
        }
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
