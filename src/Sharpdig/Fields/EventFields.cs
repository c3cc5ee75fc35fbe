using System.Buffers.Binary;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>The evt.* and syscall.type fields: computed from the record, its schema and the clock.</summary>
internal sealed class EventFieldExtractor : FieldExtractor
{
    internal enum Id
    {
        Num, Time, TimeS, TimeIso, DateTime, DateTimeS, RawTime, RawTimeS, RawTimeNs, RelTime, RelTimeS, RelTimeNs,
        PluginName, PluginInfo, Latency, LatencyS, LatencyNs, LatencyHuman, DeltaTime, DeltaTimeS, DeltaTimeNs,
        Dir, Type, TypeIs, SyscallType, Category, Cpu, Args, Arg, RawArg, Info, Buffer, BufLen, Res, RawRes,
        Failed, IsIo, IsIoRead, IsIoWrite, IoDir, IsWait, WaitLatency, IsSyslog, Count, CountError, CountErrorFile,
        CountErrorNet, CountErrorMemory, CountErrorOther, CountExit, Around, AbsPath, IsOpenRead, IsOpenWrite, IsOpenExec,
        // Unlisted (sysdig's curses views use them).
        LatencyQuantized, CountProcInfo, CountThreadInfo, BufLenIn, BufLenOut, BufLenFile, BufLenFileIn, BufLenFileOut,
        BufLenNet, BufLenNetIn, BufLenNetOut, InfraDockerName, InfraDockerContainerId, InfraDockerContainerName, InfraDockerContainerImage,
    }

    private static readonly Dictionary<string, Id> s_ids = new()
    {
        ["evt.num"] = Id.Num, ["evt.time"] = Id.Time, ["evt.time.s"] = Id.TimeS, ["evt.time.iso8601"] = Id.TimeIso,
        ["evt.datetime"] = Id.DateTime, ["evt.datetime.s"] = Id.DateTimeS, ["evt.rawtime"] = Id.RawTime,
        ["evt.rawtime.s"] = Id.RawTimeS, ["evt.rawtime.ns"] = Id.RawTimeNs, ["evt.reltime"] = Id.RelTime,
        ["evt.reltime.s"] = Id.RelTimeS, ["evt.reltime.ns"] = Id.RelTimeNs, ["evt.pluginname"] = Id.PluginName,
        ["evt.plugininfo"] = Id.PluginInfo, ["evt.latency"] = Id.Latency, ["evt.latency.s"] = Id.LatencyS,
        ["evt.latency.ns"] = Id.LatencyNs, ["evt.latency.human"] = Id.LatencyHuman, ["evt.deltatime"] = Id.DeltaTime,
        ["evt.deltatime.s"] = Id.DeltaTimeS, ["evt.deltatime.ns"] = Id.DeltaTimeNs, ["evt.dir"] = Id.Dir,
        ["evt.type"] = Id.Type, ["evt.type.is"] = Id.TypeIs, ["syscall.type"] = Id.SyscallType,
        ["evt.category"] = Id.Category, ["evt.cpu"] = Id.Cpu, ["evt.args"] = Id.Args, ["evt.arg"] = Id.Arg,
        ["evt.rawarg"] = Id.RawArg, ["evt.info"] = Id.Info, ["evt.buffer"] = Id.Buffer, ["evt.buflen"] = Id.BufLen,
        ["evt.res"] = Id.Res, ["evt.rawres"] = Id.RawRes, ["evt.failed"] = Id.Failed, ["evt.is_io"] = Id.IsIo,
        ["evt.is_io_read"] = Id.IsIoRead, ["evt.is_io_write"] = Id.IsIoWrite, ["evt.io_dir"] = Id.IoDir,
        ["evt.is_wait"] = Id.IsWait, ["evt.wait_latency"] = Id.WaitLatency, ["evt.is_syslog"] = Id.IsSyslog,
        ["evt.count"] = Id.Count, ["evt.count.error"] = Id.CountError, ["evt.count.error.file"] = Id.CountErrorFile,
        ["evt.count.error.net"] = Id.CountErrorNet, ["evt.count.error.memory"] = Id.CountErrorMemory,
        ["evt.count.error.other"] = Id.CountErrorOther, ["evt.count.exit"] = Id.CountExit, ["evt.around"] = Id.Around,
        ["evt.abspath"] = Id.AbsPath, ["evt.is_open_read"] = Id.IsOpenRead, ["evt.is_open_write"] = Id.IsOpenWrite,
        ["evt.is_open_exec"] = Id.IsOpenExec,
        ["evt.latency.quantized"] = Id.LatencyQuantized, ["evt.count.procinfo"] = Id.CountProcInfo,
        ["evt.count.threadinfo"] = Id.CountThreadInfo, ["evt.buflen.in"] = Id.BufLenIn, ["evt.buflen.out"] = Id.BufLenOut,
        ["evt.buflen.file"] = Id.BufLenFile, ["evt.buflen.file.in"] = Id.BufLenFileIn, ["evt.buflen.file.out"] = Id.BufLenFileOut,
        ["evt.buflen.net"] = Id.BufLenNet, ["evt.buflen.net.in"] = Id.BufLenNetIn, ["evt.buflen.net.out"] = Id.BufLenNetOut,
        ["evt.infra.docker.name"] = Id.InfraDockerName, ["evt.infra.docker.container.id"] = Id.InfraDockerContainerId,
        ["evt.infra.docker.container.name"] = Id.InfraDockerContainerName,
        ["evt.infra.docker.container.image"] = Id.InfraDockerContainerImage,
    };

    private readonly Id _id;
    private readonly string? _argName;      // evt.arg.NAME / evt.rawarg.NAME
    private readonly int _argIndex = -1;    // evt.arg[N]
    private readonly int _typeIs = -1;      // evt.type.is.NAME: any code with that name
    private readonly bool[]? _typeIsCodes;
    private readonly TextBuffer _render = new(128);

    /// <summary>How many event codes sysdig 0.29.3 knows (PPM_EVENT_MAX); later codes come from newer captures only.</summary>
    private const int SysdigEventCount = 336;

    /// <summary>True for evt.around[T], which filters test with <see cref="IsAround"/> (it has no value to print).</summary>
    public bool IsAroundField => _id == Id.Around;
    private ulong AroundTimestamp { get; init; }

    /// <summary>
    /// evt.around[T]=D: whether T lies within D nanoseconds of the event's time (sysdig computes
    /// the window with unsigned arithmetic, so it is kept here).
    /// </summary>
    public bool IsAround(EventContext ctx, ulong deltaNs)
    {
        ulong ts = ctx.Record.Timestamp;
        return AroundTimestamp >= unchecked(ts - deltaNs) && AroundTimestamp <= unchecked(ts + deltaNs);
    }

    private EventFieldExtractor(FieldInfo info, string text, Id id, FieldType? type, string? argName, int argIndex, bool[]? typeIsCodes)
        : base(info, text, type)
    {
        _id = id; _argName = argName; _argIndex = argIndex; _typeIsCodes = typeIsCodes;
        if (id is Id.RawTimeNs or Id.LatencyNs or Id.DeltaTimeNs or Id.RelTimeNs or Id.RelTime) RawPrintFormat = PrintFormat.PaddedDec;
    }

    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg, out FieldExtractor? x, out string error)
    {
        x = null; error = "";
        var id = s_ids[info.Name];
        switch (id)
        {
            case Id.Arg:
                if (arg!.Value.Bracketed)
                {
                    if (!arg.Value.IsIndex(out int index)) { error = $"{arg.Value.Text} is not a valid number"; return false; }
                    x = new EventFieldExtractor(info, text, id, null, null, index, null);
                    return true;
                }
                if (FindFirstParam(arg.Value.Text) is null) { error = $"unknown event argument {arg.Value.Text}"; return false; }
                x = new EventFieldExtractor(info, text, id, null, arg.Value.Text, -1, null);
                return true;
            case Id.RawArg:
            {
                if (arg!.Value.Bracketed) { error = "evt.arg fields must be expressed explicitly"; return false; }
                var p = FindFirstParam(arg.Value.Text);
                if (p is null) { error = $"unknown event argument {arg.Value.Text}"; return false; }
                var rx = new EventFieldExtractor(info, text, id, RawFieldType(p.Type), arg.Value.Text, -1, null);
                rx.RawParamType = p.Type;
                rx.RawPrintFormat = p.Format;
                x = rx;
                return true;
            }
            case Id.AbsPath:
                x = new EventFieldExtractor(info, text, id, null, null, arg?.Text == "dst" ? 2 : arg is null ? 0 : 1, null);
                return true;
            case Id.Around:
            {
                // evt.around[T]=D: T is an absolute timestamp in ns (what evt.rawtime prints).
                if (!arg!.Value.Bracketed) { error = "wrong syntax for evt.around"; return false; }
                if (!ulong.TryParse(arg.Value.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong at))
                {
                    error = $"{arg.Value.Text} is not a valid number";
                    return false;
                }
                x = new EventFieldExtractor(info, text, id, null, null, -1, null) { AroundTimestamp = at };
                return true;
            }
            case Id.TypeIs:
            {
                // As sysdig 0.29.3 reads it: a number is one event code; a name is the first code
                // with that name among its 336 and the code after it (that version's enter and exit).
                var codes = new bool[EventTable.Count];
                string name = arg!.Value.Text;
                if (uint.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint number))
                {
                    if (number < (uint)codes.Length) codes[number] = true;
                }
                else
                {
                    int first = -1;
                    for (int i = 0; i < Math.Min(EventTable.Count, SysdigEventCount); i++)
                        if (EventTable.Get(i).Name == name) { first = i; break; }
                    if (first < 0) { error = $"unrecognized field {text}"; return false; }
                    codes[first] = true;
                    if (first + 1 < codes.Length) codes[first + 1] = true;
                }
                x = new EventFieldExtractor(info, text, id, null, null, -1, codes);
                return true;
            }
            default:
                x = new EventFieldExtractor(info, text, id, null, null, -1, null);
                return true;
        }
    }

    /// <summary>sysdig types evt.rawarg.NAME by the first event in the table with a parameter of that name.</summary>
    internal static ParamInfo? FindFirstParam(string name)
    {
        foreach (var e in EventTable.All)
            foreach (var p in e.Parameters)
                if (p.Name == name) return p;
        return null;
    }

    private static FieldType RawFieldType(ParamType t) => t switch
    {
        ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno
            or ParamType.Fd or ParamType.Pid or ParamType.Fd32 or ParamType.Pid32 => FieldType.Int64,
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath => FieldType.CharBuf,
        ParamType.ByteBuf or ParamType.SockAddr or ParamType.SockTuple or ParamType.FdList or ParamType.Dyn
            or ParamType.CharBufArray or ParamType.CharBufPairArray or ParamType.IPv4Net or ParamType.IPv6Net
            or ParamType.IPNet or ParamType.SigSet => FieldType.ByteBuf,
        ParamType.Double => FieldType.Double,
        ParamType.IPv4Addr or ParamType.IPv6Addr or ParamType.IPAddr => FieldType.IPAddr,
        ParamType.Bool => FieldType.Bool,
        _ => FieldType.UInt64,
    };

    public override bool TryRender(EventContext ctx, TextBuffer output)
    {
        // sysdig prints evt.type.is.X as <NA> in formats even though it filters on it.
        if (_id == Id.TypeIs) return false;
        if (_id == Id.RawArg) return RenderRawArg(ctx, output);
        return base.TryRender(ctx, output);
    }

    /// <summary>
    /// evt.rawarg.NAME as sysdig 0.29.3 prints it: the value is typed by the parameter but printed
    /// with the field's own "no format", so only some types have a text; for the others sysdig
    /// prints nothing (&lt;NA&gt;) or stops with "wrong event type N".
    /// </summary>
    private bool RenderRawArg(EventContext ctx, TextBuffer output)
    {
        if (!Extract(ctx)) return false;
        switch (RawParamType)
        {
            case ParamType.Int8: case ParamType.Int16: case ParamType.Int32: case ParamType.UInt8: case ParamType.UInt16:
            case ParamType.UInt32: case ParamType.UInt64: case ParamType.L4Proto: case ParamType.Port:
            case ParamType.RelTime: case ParamType.AbsTime: case ParamType.SockAddr: case ParamType.SockFamily:
                return false;
            case ParamType.Int64: case ParamType.Pid: case ParamType.Errno:
                output.Append(Number);
                return true;
            case ParamType.CharBuf: case ParamType.FsPath: case ParamType.FsRelPath: case ParamType.ByteBuf:
            {
                // Printed as a C string: up to the first NUL.
                var text = TextValue;
                int nul = text.IndexOf((byte)0);
                output.Append(nul >= 0 ? text[..nul] : text);
                return true;
            }
            case ParamType.Bool: case ParamType.IPv4Addr: case ParamType.IPv6Addr: case ParamType.IPAddr: case ParamType.Double:
                RenderValue(output);
                return true;
            default:
                throw new FieldValueException($"wrong event type {(int)RawParamType}");
        }
    }

    public override bool Extract(EventContext ctx)
    {
        var e = ctx.Record;
        var info = e.Info;
        switch (_id)
        {
            case Id.Num: return SetUnsigned((ulong)e.Number);
            case Id.Time: Scratch.Clear(); TimeText.AppendTime(Scratch, e.Timestamp, true); return SetText(Scratch);
            case Id.TimeS: Scratch.Clear(); TimeText.AppendTime(Scratch, e.Timestamp, false); return SetText(Scratch);
            case Id.TimeIso: Scratch.Clear(); TimeText.AppendIso8601(Scratch, e.Timestamp); return SetText(Scratch);
            case Id.DateTime: Scratch.Clear(); TimeText.AppendDateTime(Scratch, e.Timestamp, true); return SetText(Scratch);
            case Id.DateTimeS: Scratch.Clear(); TimeText.AppendDateTime(Scratch, e.Timestamp, false); return SetText(Scratch);
            case Id.RawTime: return SetUnsigned(e.Timestamp);
            case Id.RawTimeS: return SetUnsigned(e.Timestamp / 1_000_000_000);
            case Id.RawTimeNs: return SetUnsigned(e.Timestamp % 1_000_000_000);
            case Id.RelTime: return SetUnsigned(RelTime(ctx));
            case Id.RelTimeS: return SetUnsigned(RelTime(ctx) / 1_000_000_000);
            case Id.RelTimeNs: return SetUnsigned(RelTime(ctx) % 1_000_000_000);
            case Id.PluginName: case Id.PluginInfo: case Id.Around: return false;
            // sinsp: no value for internal events of a known thread (procinfo); and evt.latency.human
            // of an event without a thread repeats the text this field last produced.
            case Id.Latency: return !LatencyHidden(ctx) && SetUnsigned(LatencyOf(ctx));
            case Id.LatencyS: return !LatencyHidden(ctx) && SetUnsigned(LatencyOf(ctx) / 1_000_000_000);
            case Id.LatencyNs: return !LatencyHidden(ctx) && SetUnsigned(LatencyOf(ctx) % 1_000_000_000);
            case Id.LatencyHuman:
                if (LatencyHidden(ctx)) return false;
                if (ctx.ParserThread is not null) { Scratch.Clear(); TimeText.AppendHumanDuration(Scratch, LatencyOf(ctx)); }
                return SetText(Scratch);
            case Id.DeltaTime: return SetUnsigned(DeltaOf(ctx));
            case Id.DeltaTimeS: return SetUnsigned(DeltaOf(ctx) / 1_000_000_000);
            case Id.DeltaTimeNs: return SetUnsigned(DeltaOf(ctx) % 1_000_000_000);
            case Id.Dir: return SetText(info.IsEnter ? s_enter : s_exit, 0, 1);
            case Id.Type: return !IsUnnamedGeneric(e) && SetText(TypeName(e));
            case Id.TypeIs: return SetUnsigned(_typeIsCodes![e.Type] ? 1u : 0u);
            case Id.SyscallType:
                if ((info.Category & (EventCategory.Internal | EventCategory.Scheduler)) != 0 || !IsSyscall(e.Type)) return false;
                return !IsUnnamedGeneric(e) && SetText(TypeName(e));
            case Id.Category: return SetText(CategoryName(ctx));
            case Id.Cpu: return SetSigned((short)e.Cpu);
            case Id.Args: return RenderWith(EventTextHooks.RenderArgs, ctx);
            case Id.Info: return RenderWith(EventTextHooks.RenderInfo ?? EventTextHooks.RenderArgs, ctx);
            case Id.Arg:
            {
                int index = _argName is null ? _argIndex : info.IndexOf(_argName);
                if (index < 0 || index >= e.ParamCount || EventTextHooks.RenderParam is null) return false;
                _render.Clear();
                if (!EventTextHooks.RenderParam(ctx, index, _render)) return false;
                return SetText(_render);
            }
            case Id.RawArg: return ExtractRawArg(e);
            case Id.Buffer:
            {
                if (!IsIo(info)) return false;
                int idx = info.IndexOf("data");
                if (idx < 0 || e.GetParamLength(idx) < 0) return false;
                return SetText(e.Buffer, 0, 0) && SetParamBytes(e, idx);
            }
            case Id.BufLen: return IsIoCategory(info) && ExtractBufLen(ctx);
            // The split lengths: the exact category (read or write) and/or the kind of the fd.
            case Id.BufLenIn: return info.Category == EventCategory.IoRead && ExtractBufLen(ctx);
            case Id.BufLenOut: return info.Category == EventCategory.IoWrite && ExtractBufLen(ctx);
            case Id.BufLenFile: return IsIoCategory(info) && IsFileFd(ctx) && ExtractBufLen(ctx);
            case Id.BufLenFileIn: return info.Category == EventCategory.IoRead && IsFileFd(ctx) && ExtractBufLen(ctx);
            case Id.BufLenFileOut: return info.Category == EventCategory.IoWrite && IsFileFd(ctx) && ExtractBufLen(ctx);
            case Id.BufLenNet: return IsIoCategory(info) && IsIpSocketFd(ctx) && ExtractBufLen(ctx);
            case Id.BufLenNetIn: return info.Category == EventCategory.IoRead && IsIpSocketFd(ctx) && ExtractBufLen(ctx);
            case Id.BufLenNetOut: return info.Category == EventCategory.IoWrite && IsIpSocketFd(ctx) && ExtractBufLen(ctx);
            case Id.Res:
            {
                if (info.IsEnter || !TryGetRes(e, out long res)) return false;
                if (res >= 0) return SetText(s_success, 0, s_success.Length);
                // An errno with a name shows the name; anything else (a pid such as clone's) the number.
                Scratch.Clear();
                var names = SymbolTables.ErrnoNames;
                var resType = info.Parameters[0].Type;
                if (resType == ParamType.Fd && res == -100) Scratch.Append("AT_FDCWD");   // an fd result reads like an fd
                else if (resType is ParamType.Errno or ParamType.Fd && -res < names.Length && names[-res] is { Length: > 0 } errno)
                    Scratch.Append(errno);
                else Scratch.Append(res);
                return SetText(Scratch);
            }
            case Id.RawRes: return !info.IsEnter && TryGetRes(e, out long rr) && SetSigned(rr);
            case Id.Failed: return SetBool(IsFailed(e));
            case Id.IsIo: return SetBool(IsIo(info));
            case Id.IsIoRead: return SetBool((info.Flags & EventFlags.ReadsFromFd) != 0);
            case Id.IsIoWrite: return SetBool((info.Flags & EventFlags.WritesToFd) != 0);
            case Id.IoDir:
                // Writing wins for events that do both (copy_file_range), as in sinsp.
                if ((info.Flags & EventFlags.WritesToFd) != 0) return SetText(s_w, 0, s_w.Length);
                if ((info.Flags & EventFlags.ReadsFromFd) != 0) return SetText(s_r, 0, s_r.Length);
                return false;
            case Id.IsWait: return SetBool((info.Flags & EventFlags.Waits) != 0);
            case Id.WaitLatency:
                if ((info.Flags & EventFlags.Waits) == 0 || info.IsEnter) return false;
                return SetUnsigned(LatencyOf(ctx));
            case Id.IsSyslog: return SetBool(ctx.Fd is { } fd && fd.Name.SameAs("/dev/log"u8) && (info.Flags & EventFlags.WritesToFd) != 0);
            case Id.Count: return SetUnsigned(1);
            // The counters have a value (1) only when they count the event, so chisels can sum them.
            case Id.CountError: return IsFailed(e) && SetUnsigned(1);
            case Id.CountErrorFile: return IsFailed(e) && ErrorFamily(ctx) == ErrorKind.File && SetUnsigned(1);
            case Id.CountErrorNet: return IsFailed(e) && ErrorFamily(ctx) == ErrorKind.Net && SetUnsigned(1);
            case Id.CountErrorMemory: return IsFailed(e) && IsMemory(ctx) && SetUnsigned(1);
            case Id.CountErrorOther: return IsFailed(e) && ErrorFamily(ctx) == ErrorKind.Other && !(ctx.Fd is null && IsMemory(ctx)) && SetUnsigned(1);
            case Id.CountExit: return !info.IsEnter && SetUnsigned(1);
            case Id.AbsPath: return ExtractAbsPath(ctx);
            case Id.IsOpenRead: return SetBool(OpenFlags(e, out uint f, out _) && (f & 1) != 0);
            case Id.IsOpenWrite: return SetBool(OpenFlags(e, out uint f2, out _) && (f2 & 2) != 0);
            case Id.IsOpenExec: return SetBool(OpenFlags(e, out uint f3, out uint mode) && (f3 & 4) != 0 && (mode & 0b001_001_001) != 0);
            case Id.LatencyQuantized: return ExtractLatencyQuantized(ctx);
            // Procinfo events count processes (main threads only) and threads.
            case Id.CountProcInfo: return e.Type == EventTable.Codes.ProcInfoE && ctx.Thread is { IsMainThread: true } && SetUnsigned(1);
            case Id.CountThreadInfo: return e.Type == EventTable.Codes.ProcInfoE && SetUnsigned(1);
            case Id.InfraDockerName: case Id.InfraDockerContainerId: case Id.InfraDockerContainerName: case Id.InfraDockerContainerImage:
                return ExtractInfraDocker(e);
        }
        return false;
    }

    private static readonly byte[] s_enter = ">"u8.ToArray(), s_exit = "<"u8.ToArray();
    private static readonly byte[] s_r = "read"u8.ToArray(), s_w = "write"u8.ToArray();
    private static readonly byte[] s_success = "SUCCESS"u8.ToArray();

    /// <summary>
    /// evt.abspath[.src|.dst]: the path of a *at() syscall made absolute from its directory fd
    /// (the old or new one for rename/link: _argIndex 0 or 1 is the source, 2 the destination).
    /// </summary>
    private bool ExtractAbsPath(EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return false;
        var e = ctx.Record;
        bool dst = _argIndex == 2;
        (string dirArg, string pathArg) = e.Type switch
        {
            Ppme.SyscallRenameatX or Ppme.SyscallRenameat2X => dst ? ("newdirfd", "newpath") : ("olddirfd", "oldpath"),
            Ppme.SyscallSymlinkatX => ("linkdirfd", "linkpath"),
            Ppme.SyscallOpenatE or Ppme.SyscallOpenatV2X or Ppme.SyscallOpenat2X => ("dirfd", "name"),
            Ppme.SyscallLinkatE or Ppme.SyscallLinkatV2X => dst ? ("newdir", "newpath") : ("olddir", "oldpath"),
            Ppme.SyscallUnlinkatE or Ppme.SyscallUnlinkatV2X => ("dirfd", "name"),
            Ppme.SyscallMkdiratX => ("dirfd", "path"),
            Ppme.SyscallFchmodatX => ("dirfd", "filename"),
            _ => ("", ""),
        };
        if (dirArg.Length == 0) return false;
        int di = e.Info.IndexOf(dirArg), pi = e.Info.IndexOf(pathArg);
        if (di < 0 || pi < 0 || di >= e.ParamCount || pi >= e.ParamCount) return false;
        long dirfd = StateEngine.P64(e, di);
        var path = Formatting.ParamRenderer.UpToNul(e.GetParam(pi));

        // The base directory as sinsp's parse_dirfd picks it (an unknown dirfd gives "<UNKNOWN>/").
        Span<byte> dir = stackalloc byte[Formatting.PathText.MaxPathSize];
        int dirLength;
        if (path.Length > 0 && path[0] == '/') { dir[0] = (byte)'.'; dirLength = 1; }
        else if (dirfd == -100) dirLength = CopyClamped(t.Cwd.Bytes, dir);
        else
        {
            // Like sysdig, looking the directory up makes it the event's fd for the fields after this one.
            var f = ctx.Fd = t.Fds.Get(dirfd);
            if (f is not null)
            {
                dirLength = CopyClamped(f.Name.Bytes, dir[..^1]);
                dir[dirLength++] = (byte)'/';
            }
            else dirLength = CopyClamped("<UNKNOWN>/"u8, dir);
        }

        Span<byte> joined = stackalloc byte[Formatting.PathText.MaxPathSize];
        Scratch.Clear();
        Scratch.Append(Formatting.PathText.JoinForState(dir[..dirLength], path, joined));
        return SetText(Scratch);
    }

    /// <summary>
    /// I/O events as the buffer lengths count them: sysdig masks the category with EC_IO_BASE
    /// (categories with more bits, which only newer event tables have, stay out as before).
    /// </summary>
    private static bool IsIoCategory(EventInfo info) =>
        (info.Category & EventCategory.IoBase) != 0 && (uint)(info.Category & ~EventCategory.IoOther) <= (uint)EventCategory.IoBase;

    private static bool IsFileFd(EventContext ctx) => ctx.Fd?.Type is Capture.ScapFdType.File or Capture.ScapFdType.FileV2;

    /// <summary>IPv4 and IPv6 sockets, client or server (not unix sockets).</summary>
    private static bool IsIpSocketFd(EventContext ctx) =>
        ctx.Fd?.Type is Capture.ScapFdType.IPv4Socket or Capture.ScapFdType.IPv6Socket
            or Capture.ScapFdType.IPv4ServerSocket or Capture.ScapFdType.IPv6ServerSocket;

    /// <summary>The byte count of an I/O exit event on a known fd: its non-negative return value.</summary>
    private bool ExtractBufLen(EventContext ctx)
    {
        var e = ctx.Record;
        if (ctx.Fd is null || e.Info.IsEnter || !TryGetRes(e, out long res) || res < 0) return false;
        return SetUnsigned((ulong)res);
    }

    /// <summary>
    /// sysdig's curses views size latency bars as log10(latency) * screen width / 11 + 1. Outside
    /// csysdig the width is -1, so the result is 1, or 0 once the latency reaches 10^11 ns (the
    /// -1.0 that gives becomes all ones as an unsigned number, plus one). No value without latency.
    /// </summary>
    private bool ExtractLatencyQuantized(EventContext ctx)
    {
        if (ctx.ParserThread is null || (ctx.Record.Info.Category & EventCategory.Internal) != 0) return false;
        ulong latency = LatencyOf(ctx);
        if (latency == 0) return false;
        return SetUnsigned(Quantize(latency));
    }

    private const int CursesScreenWidth = -1;

    internal static ulong Quantize(ulong ns)
    {
        double log = Math.Min(Math.Log10(ns), 11);
        return unchecked((ulong)(long)(log * CursesScreenWidth / 11) + 1);
    }

    /// <summary>evt.infra.docker.*: one entry of the description of a Docker infrastructure event.</summary>
    private bool ExtractInfraDocker(EventRecord e)
    {
        if (e.Type != Ppme.InfrastructureEventE || e.ParamCount < 3) return false;
        var description = Formatting.ParamRenderer.UpToNul(e.GetParam(2));
        var entry = _id switch
        {
            Id.InfraDockerName => DockerEventDescription.Entry.Event,
            Id.InfraDockerContainerId => DockerEventDescription.Entry.ContainerId,
            Id.InfraDockerContainerName => DockerEventDescription.Entry.ContainerName,
            _ => DockerEventDescription.Entry.Image,
        };
        Scratch.Clear();
        return DockerEventDescription.TryRead(description, entry, Scratch) && SetText(Scratch);
    }

    private static int CopyClamped(ReadOnlySpan<byte> from, Span<byte> to)
    {
        int n = Math.Min(from.Length, to.Length);
        from[..n].CopyTo(to);
        return n;
    }

    private bool SetParamBytes(EventRecord e, int idx)
    {
        // The record's buffer outlives this call until the next event: point at it, no copy.
        var span = e.GetParam(idx);
        if (span.IsEmpty) return SetText(e.Buffer, 0, 0);
        int offset = ParamOffset(e, span);
        return SetText(e.Buffer, offset, span.Length);
    }

    private static unsafe int ParamOffset(EventRecord e, ReadOnlySpan<byte> span)
    {
        fixed (byte* b = e.Buffer) fixed (byte* p = span) return (int)(p - b);
    }

    private bool RenderWith(RenderEventText? hook, EventContext ctx)
    {
        if (hook is null) return false;
        _render.Clear();
        if (!hook(ctx, _render)) return false;
        return SetText(_render);
    }

    private bool ExtractRawArg(EventRecord e)
    {
        int idx = e.Info.IndexOf(_argName!);
        if (idx < 0 || idx >= e.ParamCount) return false;
        var p = e.GetParam(idx);
        switch (Kind)
        {
            case ValueKind.Signed:
                return SetSigned(p.Length switch
                {
                    >= 8 => BinaryPrimitives.ReadInt64LittleEndian(p),
                    >= 4 => BinaryPrimitives.ReadInt32LittleEndian(p),
                    >= 2 => BinaryPrimitives.ReadInt16LittleEndian(p),
                    1 => (sbyte)p[0],
                    _ => 0,
                });
            case ValueKind.Unsigned: case ValueKind.Bool:
                return SetUnsigned(ReadUnsigned(p));
            case ValueKind.Double:
                return p.Length >= 8 && SetReal(BinaryPrimitives.ReadDoubleLittleEndian(p));
            case ValueKind.Text:
            {
                // Strings are NUL-terminated in the record.
                int n = p.IndexOf((byte)0);
                if (n >= 0) p = p[..n];
                return SetParamSlice(e, p);
            }
            default:
                return SetParamSlice(e, p);
        }
    }

    private bool SetParamSlice(EventRecord e, ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty) return SetText(e.Buffer, 0, 0);
        return SetText(e.Buffer, ParamOffset(e, p), p.Length);
    }

    internal static ulong ReadUnsigned(ReadOnlySpan<byte> p) => p.Length switch
    {
        >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(p),
        >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(p),
        >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(p),
        1 => p[0],
        _ => 0,
    };

    /// <summary>
    /// The return value: the exit event's parameter named "res" (or "fd" for the events that create
    /// one), read as a signed number. Others, such as geteuid's euid, have none, as in sinsp.
    /// </summary>
    internal static bool TryGetRes(EventRecord e, out long res)
    {
        res = 0;
        // Generic syscall events carry the syscall id first, not a return value.
        if (e.Info.IsEnter || e.ParamCount == 0 || e.Type <= EventTable.Codes.GenericX || !e.Info.FirstParamIsResult) return false;
        var p = e.GetParam(0);
        var t = e.Info.Parameters[0].Type;
        bool signed = t is ParamType.Errno or ParamType.Fd or ParamType.Pid or ParamType.Int64 or ParamType.Int32
            or ParamType.Int16 or ParamType.Int8;
        if (p.IsEmpty) return false;
        if (signed)
            res = p.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(p)
                : p.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(p)
                : p.Length >= 2 ? BinaryPrimitives.ReadInt16LittleEndian(p) : (sbyte)p[0];
        else res = (long)ReadUnsigned(p);
        return true;
    }

    internal static bool IsFailed(EventRecord e)
    {
        if (e.Info.IsEnter || e.ParamCount == 0) return false;
        var t = e.Info.Parameters[0].Type;
        if (t is not (ParamType.Errno or ParamType.Fd or ParamType.Pid)) return false;
        return TryGetRes(e, out long res) && res < 0;
    }

    private static bool IsIo(EventInfo info) => (info.Flags & (EventFlags.ReadsFromFd | EventFlags.WritesToFd)) != 0;

    private static bool IsSyscall(int type) =>
        type != EventTable.Codes.ProcInfoE && type != EventTable.Codes.ProcInfoX;

    private static bool OpenFlags(EventRecord e, out uint flags, out uint mode)
    {
        flags = 0; mode = 0;
        var name = e.Info.Name;
        if (e.Info.IsEnter || name is not ("open" or "openat" or "openat2" or "creat")) return false;
        if (name == "creat") { flags = 4 | 2; }
        else
        {
            int fi = e.Info.IndexOf("flags");
            if (fi < 0) return false;
            flags = (uint)ReadUnsigned(e.GetParam(fi));
        }
        int mi = e.Info.IndexOf("mode");
        if (mi >= 0) mode = (uint)ReadUnsigned(e.GetParam(mi));
        return true;
    }

    // Enter events have no latency, except switch, which shows the thread's last one (as sysdig does).
    private static bool LatencyHidden(EventContext ctx) =>
        ctx.ParserThread is not null && (ctx.Record.Info.Category & EventCategory.Internal) != 0;

    private static ulong LatencyOf(EventContext ctx) =>
        ctx.Record.Info.IsEnter && ctx.Record.Type != Ppme.SchedswitchV6E ? 0 : ctx.Latency;

    private static ulong RelTime(EventContext ctx) =>
        ctx.Record.Timestamp >= ctx.FirstEventTimestamp ? ctx.Record.Timestamp - ctx.FirstEventTimestamp : 0;

    // evt.deltatime*: the time since this field was last read (0 the first time), as sysdig keeps
    // it per filter check: so it counts from the previous event that was formatted, and a second
    // read of the same event (-j reads every field twice) gives 0.
    private ulong _lastDeltaTs;

    private ulong DeltaOf(EventContext ctx)
    {
        ulong ts = ctx.Record.Timestamp;
        ulong last = _lastDeltaTs;
        _lastDeltaTs = ts;
        return last == 0 ? 0 : unchecked(ts - last);
    }

    public override bool KeepsState => _id is Id.DeltaTime or Id.DeltaTimeS or Id.DeltaTimeNs;

    /// <summary>The time and date fields, which -j writes as the raw timestamp (nanoseconds).</summary>
    public bool IsTimeText => _id is Id.Time or Id.TimeS or Id.TimeIso or Id.DateTime or Id.DateTimeS;

    /// <summary>evt.type: the schema name, or for generic syscall events the syscall's own name.</summary>
    /// <summary>
    /// A generic syscall event whose id has no name in sysdig's syscall table: its type has no
    /// value (for ids past the table sysdig reads beyond it; what it finds there is empty).
    /// </summary>
    private static bool IsUnnamedGeneric(EventRecord e)
    {
        if (e.Type is not (EventTable.Codes.GenericE or EventTable.Codes.GenericX) || e.ParamCount == 0) return false;
        uint id = (uint)ReadUnsigned(e.GetParam(0));
        var names = SymbolTables.SyscallNames;
        return id >= (uint)names.Length || names[id] is null or { Length: 0 };
    }

    internal static string TypeName(EventRecord e)
    {
        if (e.Type is EventTable.Codes.GenericE or EventTable.Codes.GenericX && e.ParamCount > 0)
        {
            uint id = (uint)ReadUnsigned(e.GetParam(0));
            var names = SymbolTables.SyscallNames;
            if (id < (uint)names.Length && names[id] is { Length: > 0 } n) return n;
        }
        return e.Info.Name;
    }

    private static readonly string[] s_categoryNames =
        ["unknown", "other", "file", "net", "IPC", "memory", "process", "sleep", "system", "signal", "user", "time", "processing"];

    internal static string CategoryName(EventContext ctx)
    {
        var c = ctx.Record.Info.Category & ~(EventCategory.Syscall | EventCategory.Tracepoint | EventCategory.Plugin | EventCategory.Metaevent);
        if (ctx.Record.Type is EventTable.Codes.GenericE or EventTable.Codes.GenericX && ctx.Record.ParamCount > 0)
        {
            uint id = (uint)ReadUnsigned(ctx.Record.GetParam(0));
            if (id < (uint)SyscallCategories.ById.Length) c = SyscallCategories.ById[id];
        }
        if ((c & EventCategory.IoBase) != 0 && (uint)c < 0x40)
        {
            return ctx.Fd?.Type switch
            {
                Capture.ScapFdType.File or Capture.ScapFdType.FileV2 or Capture.ScapFdType.Directory => "file",
                Capture.ScapFdType.IPv4Socket or Capture.ScapFdType.IPv6Socket or Capture.ScapFdType.IPv4ServerSocket
                    or Capture.ScapFdType.IPv6ServerSocket => "net",
                Capture.ScapFdType.UnixSocket or Capture.ScapFdType.Fifo or Capture.ScapFdType.Event
                    or Capture.ScapFdType.SignalFd or Capture.ScapFdType.Inotify => "ipc",
                _ => "unknown",
            };
        }
        if ((c & EventCategory.Internal) != 0) return "internal";
        if ((c & EventCategory.Scheduler) != 0) return "scheduler";
        if ((c & EventCategory.Wait) != 0) return "wait";
        uint v = (uint)c;
        return v < (uint)s_categoryNames.Length ? s_categoryNames[v] : "unknown";
    }

    private enum ErrorKind { File, Net, Other }

    /// <summary>
    /// Which error counter a failed event feeds: by the kind of the fd it parsed (file or socket),
    /// or, without one, by the syscall (open/creat/openat are file errors, accept/connect net ones).
    /// </summary>
    private static ErrorKind ErrorFamily(EventContext ctx)
    {
        if (ctx.Fd is { } fd)
            return fd.Type switch
            {
                Capture.ScapFdType.File or Capture.ScapFdType.FileV2 or Capture.ScapFdType.Directory => ErrorKind.File,
                Capture.ScapFdType.IPv4Socket or Capture.ScapFdType.IPv6Socket or Capture.ScapFdType.IPv4ServerSocket
                    or Capture.ScapFdType.IPv6ServerSocket or Capture.ScapFdType.UnixSocket => ErrorKind.Net,
                _ => ErrorKind.Other,
            };
        return ctx.Record.Type switch
        {
            Ppme.SyscallOpenX or Ppme.SyscallCreatX or Ppme.SyscallOpenatX or Ppme.SyscallOpenatV2X or Ppme.SyscallOpenat2X => ErrorKind.File,
            Ppme.SocketAcceptX or Ppme.SocketAcceptV5X or Ppme.SocketAccept4X or Ppme.SocketAccept4V5X or Ppme.SocketConnectX => ErrorKind.Net,
            _ => ErrorKind.Other,
        };
    }

    private static bool IsMemory(EventContext ctx) => CategoryName(ctx) == "memory";

    /// <summary>Which error counter an event feeds: by its fd's kind, else memory by category, else other.</summary>
    private static string BaseCategory(EventContext ctx)
    {
        switch (ctx.Fd?.Type)
        {
            case Capture.ScapFdType.File or Capture.ScapFdType.FileV2 or Capture.ScapFdType.Directory: return "file";
            case Capture.ScapFdType.IPv4Socket or Capture.ScapFdType.IPv6Socket or Capture.ScapFdType.IPv4ServerSocket
                or Capture.ScapFdType.IPv6ServerSocket or Capture.ScapFdType.UnixSocket: return "net";
        }
        var info = ctx.Record.Info;
        string cat = CategoryName(ctx);
        if (cat == "memory") return cat;
        // Events about an fd that has no table entry (a failed open) count by their own family.
        if ((info.Flags & (EventFlags.CreatesFd | EventFlags.UsesFd)) != 0 && cat is "file" or "net") return cat;
        return "other";
    }

    internal static string ErrnoName(long errno)
    {
        var names = SymbolTables.ErrnoNames;
        if (errno >= 0 && errno < names.Length && names[errno] is { Length: > 0 } n) return n;
        return errno.ToString();
    }
}
