using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Events;

namespace Sharpdig.State;

/// <summary>Decides whether an event passes the user's filter (compiled by the filtering layer).</summary>
public interface IEventFilter
{
    bool Matches(EventContext ctx);
}

/// <summary>
/// The only writer of <see cref="SystemState"/>. It imports a capture's metadata (process list,
/// fd lists, users, groups, interfaces) and then applies each event the way sysdig 0.29.3's
/// sinsp parser does, so that renderers and filters see what sysdig users see.
/// The per-event work is split by family: ProcessEvents (clone/fork/execve/exit/ids),
/// FdEvents (open/close/dup/pipe/...), NetEvents (socket/bind/connect/accept/send/recv) and
/// MiscEvents (cwd, limits, container, ...), each a part of this class.
/// </summary>
public sealed partial class StateEngine
{
    private const ushort NoEventType = ushort.MaxValue;

    public SystemState State { get; } = new();
    private readonly EventContext _ctx = new();

    // Deferred removals: sinsp drops a closed fd and an exited thread at the start of the next event,
    // so the closing event itself still shows them.
    private long _tidToRemove = -1;
    private long _fdRemoveTid = -1;
    private long _fdToRemove = long.MinValue;

    private long _eventCount;

    public StateEngine() { _ctx.State = State; }

    /// <summary>The context of the last applied event.</summary>
    public EventContext Current => _ctx;

    /// <summary>Timestamp of the first event (container events excluded), for -t r.</summary>
    public ulong FirstEventTs { get; private set; }

    /// <summary>Number of events applied so far (evt.num of the last one).</summary>
    public long EventCount => _eventCount;

    // ---------------------------------------------------------------------------------------
    // Import

    /// <summary>Builds the initial state from a capture's header section.</summary>
    public void Import(CaptureMetadata md)
    {
        State.Threads.Clear();
        State.Users.Clear();
        State.Groups.Clear();
        State.Interfaces.Clear();
        State.ServerPorts.Clear();
        State.Machine = md.Machine;

        var fdsByTid = new Dictionary<long, List<FdEntry>>();
        foreach (var fl in md.FdLists)
        {
            if (!fdsByTid.TryGetValue(fl.Tid, out var list)) fdsByTid[fl.Tid] = list = [];
            list.AddRange(fl.Fds);
        }

        // sinsp imports every fd through one reused struct whose address bytes are never cleared,
        // so a socket shows the bytes its predecessor in the file left behind where it sets none.
        Span<byte> carry = stackalloc byte[40];
        foreach (var p in md.Processes)
        {
            var t = new ThreadInfo(p.Tid)
            {
                Pid = p.Pid, Ptid = p.Ptid, Sid = p.Sid, Vpgid = p.Vpgid,
                Comm = Utf8Text.FromString(p.Comm), Exe = Utf8Text.FromString(p.Exe),
                ExePath = Utf8Text.FromString(p.ExePath), ExeWritable = p.ExeWritable,
                Args = SplitNul(p.Args),
                Flags = p.Flags | CloneFlags.Active,
                FdLimit = p.FdLimit, Uid = p.Uid, Gid = p.Gid,
                VmSizeKb = p.VmSizeKb, VmRssKb = p.VmRssKb, VmSwapKb = p.VmSwapKb,
                PageFaultsMajor = p.PageFaultsMajor, PageFaultsMinor = p.PageFaultsMinor,
                Vtid = p.Vtid, Vpid = p.Vpid, LoginUid = p.LoginUid,
                Cgroups = ParseCgroups(p.Cgroups), Root = Utf8Text.FromString(p.Root),
            };
            t.ContainerId = ContainerIds.FromCgroups(t.Cgroups);
            if (t.IsMainThread)
            {
                t.Env = SplitEnv(p.Env);
                t.OwnCwd = CwdFrom(Utf8Text.Empty, System.Text.Encoding.UTF8.GetBytes(p.Cwd));
            }
            if (fdsByTid.TryGetValue(p.Tid, out var fds))
                foreach (var e in fds) ImportFd(t, e, carry);
            if (State.Threads.Get(t.Tid) is { } old) old.Removed = true;
            State.Threads.Add(t);
        }
        foreach (var t in State.Threads.All) t.Process = ResolveProcess(t, create: false) ?? t;
        // sinsp counts each process's extra threads once the table is loaded (making up missing main threads).
        foreach (var t in State.Threads.All.ToList())
            if ((t.Flags & CloneFlags.Thread) != 0 && !t.IsMainThread)
            {
                var main = State.Threads.Get(t.Pid) ?? AddPlaceholder(t.Pid);
                main.ChildThreads++;
                t.Process = main;
            }

        foreach (var i in md.Interfaces) State.Interfaces.Add(i);
        foreach (var u in md.Users) State.Users.Add(u);
        foreach (var g in md.Groups) State.Groups.Add(g);

        FixImportedSocketRoles();
    }

    private void ImportFd(ThreadInfo t, FdEntry e, Span<byte> carry)
    {
        var f = new FdInfo { Number = e.Fd, Type = e.Type, Ino = e.Ino };
        carry.CopyTo(f.SocketLayout);
        switch (e.Type)
        {
            case ScapFdType.IPv4Socket:
                f.SourceIp = IpAddress.FromBytes(e.SourceIp); f.SourcePort = e.SourcePort;
                f.DestIp = IpAddress.FromBytes(e.DestIp); f.DestPort = e.DestPort;
                f.L4Proto = e.L4Proto;
                f.Connected = e.L4Proto == L4Proto.Tcp;
                f.Name = TupleName(f);
                break;
            case ScapFdType.IPv4ServerSocket:
                f.DestIp = IpAddress.FromBytes(e.SourceIp); f.DestPort = e.SourcePort;
                f.L4Proto = e.L4Proto;
                f.Name = ServerName(f);
                State.ServerPorts.Add(e.SourcePort);
                break;
            case ScapFdType.IPv6Socket:
                {
                    var s = IpAddress.FromBytes(e.SourceIp);
                    var d = IpAddress.FromBytes(e.DestIp);
                    if (IsV4MappedOrZero(s) && IsV4MappedOrZero(d)) { f.Type = ScapFdType.IPv4Socket; s = s.ToV4(); d = d.ToV4(); }
                    f.SourceIp = s; f.DestIp = d;
                    f.SourcePort = e.SourcePort; f.DestPort = e.DestPort; f.L4Proto = e.L4Proto;
                    f.Connected = e.L4Proto == L4Proto.Tcp;
                    f.Name = TupleName(f);
                    break;
                }
            case ScapFdType.IPv6ServerSocket:
                f.DestIp = IpAddress.FromBytes(e.SourceIp); f.DestPort = e.SourcePort;
                f.L4Proto = e.L4Proto;
                f.Name = ServerName(f);
                State.ServerPorts.Add(e.SourcePort);
                break;
            case ScapFdType.UnixSocket:
                f.UnixSource = e.UnixSource; f.UnixDest = e.UnixDest;
                f.Name = Utf8Text.FromString(e.Name);
                f.Role = f.Name.IsEmpty ? FdRole.Client : FdRole.Server;
                break;
            case ScapFdType.FileV2:
                f.OpenFlags = e.OpenFlags; f.Dev = e.Dev;
                f.Name = Utf8Text.FromString(e.Name);
                break;
            case ScapFdType.Fifo: case ScapFdType.File: case ScapFdType.Directory: case ScapFdType.Unsupported:
            case ScapFdType.SignalFd: case ScapFdType.EventPoll: case ScapFdType.Event: case ScapFdType.Inotify:
            case ScapFdType.TimerFd: case ScapFdType.Netlink:
                f.Name = Utf8Text.FromString(e.Name);
                break;
            default:
                return;   // sinsp does not add unknown kinds
        }
        f.SocketLayout.CopyTo(carry);
        t.OwnFds.Set(f);
    }

    // sinsp decides the role of imported IPv4 connections once everything is loaded: a source port
    // that some server socket listens on means we are the server end, and the tuple is flipped.
    private void FixImportedSocketRoles()
    {
        foreach (var t in State.Threads.All)
            foreach (var f in t.OwnFds.All)
            {
                if (f.Type != ScapFdType.IPv4Socket) continue;
                if (State.ServerPorts.Contains(f.SourcePort))
                {
                    SwapEnds(f);
                    f.Name = TupleName(f);
                    f.Role = FdRole.Server;
                }
                else f.Role = FdRole.Client;
            }
    }

    // ---------------------------------------------------------------------------------------
    // Per event

    /// <summary>
    /// Applies one event to the state (running <paramref name="filter"/> at the point sinsp runs
    /// it, which matters for state: filtered-out events that do not modify state are not parsed).
    /// Returns the context; <see cref="EventContext.IsFilteredOut"/> tells whether the filter
    /// (or a state-only dump flag) rejected it.
    /// </summary>
    public EventContext Apply(EventRecord rec, IEventFilter? filter = null)
    {
        var ctx = _ctx;
        _eventCount++;
        rec.Number = _eventCount;
        ushort type = rec.Type;
        if (FirstEventTs == 0 && type != Ppme.ContainerJsonE && type != Ppme.ContainerJsonV2E) FirstEventTs = rec.Timestamp;

        if (_tidToRemove != -1) { RemoveThread(_tidToRemove, force: false); _tidToRemove = -1; }
        if (_fdRemoveTid != -1)
        {
            State.Threads.Get(_fdRemoveTid)?.Fds.Remove(_fdToRemove);
            _fdRemoveTid = -1;
        }

        if (!ReferenceEquals(ctx.Record, rec)) ctx.Record = rec;   // the same view each time: no write barrier
        ctx.Enter = null;
        ctx.IsFilteredOut = false;
        ctx.FdNameChanged = false;
        Reset(rec, ctx);

        var info = rec.Info;
        bool modifiesState = (info.Flags & EventFlags.ModifiesState) != 0;
        if (filter is not null && !modifiesState)
        {
            // Before filtering a write exit, sinsp looks up the fd of the thread's last enter even
            // when that enter did not pair (it was filtered out), to check for tracer writes: the
            // filter then sees that fd (evt.buflen, fd.*).
            if (type == Ppme.SyscallWriteX && ctx.Fd is null && ctx.ParserThread is { } writer)
                ctx.Fd = GetFd(writer, writer.LastEventFd);
            if (!filter.Matches(ctx))
            {
                var t = ctx.ParserThread;
                if (t is not null && (info.Flags & EventFlags.Skipparsereset) == 0 && type != Ppme.SchedswitchV6E)
                    t.LastEventType = NoEventType;
                ctx.IsFilteredOut = true;
                return ctx;
            }
        }

        Dispatch(rec, ctx, type);

        // sinsp runs the filter after parsing for state-changing events, and its verdict wins.
        if (filter is not null && modifiesState) ctx.IsFilteredOut = !filter.Matches(ctx);
        if (rec.IsStateOnly) ctx.IsFilteredOut = true;
        if (ctx.IsFilteredOut) return ctx;
        if (ctx.Fd is { } fd) ctx.FdNameChanged = fd.NameChangedSinceLookup;

        Cleanup(rec, ctx);
        return ctx;
    }

    /// <summary>sinsp's end-of-event bookkeeping, also done for filtered-out internal events under -D.</summary>
    public void Cleanup(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        if (!rec.Info.IsEnter && t.HasLastEnter)
        {
            // The saved enter is used up: sinsp frees it after every exit event it returns.
            t.LastEnter.Invalidate();
            t.LastEnterPairs = false;
        }
        if (rec.Type != Ppme.SchedswitchV1E && rec.Type != Ppme.SchedswitchV6E)
        {
            t.PrevEventTs = t.LastEventTs;
            t.LastEventTs = rec.Timestamp;
        }
    }

    // sinsp_parser::reset: find (or make up) the thread, track the last enter, find the event's fd.
    private void Reset(EventRecord rec, EventContext ctx)
    {
        var info = rec.Info;
        ushort type = rec.Type;
        ctx.Fd = null;
        ctx.FdNumber = -1;
        ctx.ErrorCode = 0;

        if ((info.Flags & EventFlags.Skipparsereset) != 0)
        {
            ctx.ParserThread = type == Ppme.ProcinfoE ? State.Threads.Get(rec.ThreadId) : null;
            if (ctx.ParserThread is { } pt) EnsureProcessLink(pt);
            return;
        }
        if (type == Ppme.ContainerJsonE || type == Ppme.ContainerJsonV2E) { ctx.ParserThread = null; return; }

        bool mayCreate = !(IsCloneExit(type) || type == Ppme.SchedswitchV6E);
        var t = State.Threads.Get(rec.ThreadId);
        if (t is null && mayCreate) t = AddPlaceholder(rec.ThreadId);
        ctx.ParserThread = t;
        if (t is null) return;
        EnsureProcessLink(t);
        if (type == Ppme.SchedswitchV6E) return;
        if (mayCreate) t.Flags |= CloneFlags.Active;

        if (info.IsEnter)
        {
            t.LastEventFd = -1;
            t.LastEventType = type;
            if ((info.Flags & EventFlags.UsesFd) != 0)
            {
                t.LastEventFd = P64(rec, 0);
                ctx.FdNumber = t.LastEventFd;
                ctx.Fd = GetFd(t, t.LastEventFd);
            }
            t.Latency = 0;
            t.LastLatencyEnterTs = rec.Timestamp;
        }
        else
        {
            if (t.LastLatencyEnterTs != 0) t.Latency = rec.Timestamp - t.LastLatencyEnterTs;
            if (type == t.LastEventType + 1) t.LastEnterPairs = true;
            else { t.LastEnterPairs = false; return; }

            if (info.FirstParamIsResult && rec.ParamCount != 0)
            {
                long res = P64(rec, 0);
                if (res < 0) ctx.ErrorCode = (int)-res;
            }
            if ((info.Flags & EventFlags.UsesFd) != 0)
            {
                if (type == Ppme.SyscallCopyFileRangeX) t.LastEventFd = P64(rec, 1);
                ctx.FdNumber = t.LastEventFd;
                ctx.Fd = GetFd(t, t.LastEventFd);
            }
        }
    }

    /// <summary>The saved enter event of the thread, if it pairs with the current exit (sinsp's retrieve_enter_event).</summary>
    private EventRecord? RetrieveEnter(EventContext ctx, EventRecord exit)
    {
        var t = ctx.ParserThread;
        if (t is null || !t.LastEnterPairs || !t.HasLastEnter) return null;
        var enter = t.LastEnter.Record;
        if (enter.Type != exit.Type - 1) { t.LastEnterPairs = false; return null; }
        ctx.Enter = enter;
        return enter;
    }

    private static void StoreEnter(EventContext ctx, EventRecord rec)
    {
        ctx.ParserThread?.LastEnter.Save(rec);
    }

    // ---------------------------------------------------------------------------------------
    // Threads

    private ThreadInfo AddPlaceholder(long tid)
    {
        var t = new ThreadInfo(tid)
        {
            Ptid = -1, Comm = Utf8Text.NotAvailable, Exe = Utf8Text.NotAvailable,
            Uid = uint.MaxValue, Gid = uint.MaxValue, LoginUid = uint.MaxValue,
            IsPlaceholder = true,
        };
        // sinsp gives a made-up thread the count of threads that name it as their process.
        foreach (var other in State.Threads.All)
            if (other.Pid == tid) t.ChildThreads++;
        State.Threads.Add(t);
        return t;
    }

    /// <summary>Keeps <see cref="ThreadInfo.Process"/> pointing at the live main thread (making one up like sinsp if needed).</summary>
    // Like sinsp's cached main-thread pointer: once a thread found its main thread it keeps it
    // (even if an execve later changes its pid) until that thread leaves the table.
    private void EnsureProcessLink(ThreadInfo t)
    {
        if (!ReferenceEquals(t.Process, t) && !t.Process.Removed) return;
        if (t.IsMainThread) { t.Process = t; return; }
        t.Process = ResolveProcess(t, create: true) ?? t;
    }

    private ThreadInfo? ResolveProcess(ThreadInfo t, bool create)
    {
        if (t.IsMainThread) return t;
        var main = State.Threads.Get(t.Pid);
        if (main is null && create) main = AddPlaceholder(t.Pid);
        return main;
    }

    /// <summary>
    /// sinsp's remove_thread: a main thread with threads still counted stays unless forced;
    /// removing a CLONE_THREAD thread uncounts it from its main thread.
    /// </summary>
    private void RemoveThread(long tid, bool force)
    {
        var t = State.Threads.Get(tid);
        if (t is null) return;
        if (t.ChildThreads != 0 && !force) return;
        if ((t.Flags & CloneFlags.Thread) != 0 && State.Threads.Get(t.Pid) is { ChildThreads: > 0 } main) main.ChildThreads--;
        t.Removed = true;
        State.Threads.Remove(tid);
    }

    /// <summary>sinsp's add_thread for threads born during the capture: CLONE_THREAD ones are counted by their main thread.</summary>
    private void AddThread(ThreadInfo t)
    {
        if ((t.Flags & CloneFlags.Thread) != 0 && !t.IsMainThread)
        {
            var main = State.Threads.Get(t.Pid) ?? AddPlaceholder(t.Pid);
            main.ChildThreads++;
        }
        State.Threads.Add(t);
    }

    private static FdInfo? GetFd(ThreadInfo t, long fd) => fd < 0 ? null : t.Fds.Get(fd);

    /// <summary>sinsp's add_fd: also makes the new fd the thread's last one (fd.num reads it).</summary>
    private static FdInfo AddFd(ThreadInfo t, FdInfo f)
    {
        t.Fds.Set(f);
        t.LastEventFd = f.Number;
        return f;
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    private static bool IsCloneExit(ushort type) => type is Ppme.SyscallCloneV11X or Ppme.SyscallCloneV16X
        or Ppme.SyscallCloneV17X or Ppme.SyscallCloneV20X or Ppme.SyscallForkX or Ppme.SyscallForkV17X
        or Ppme.SyscallForkV20X or Ppme.SyscallVforkX or Ppme.SyscallVforkV17X or Ppme.SyscallVforkV20X
        or Ppme.SyscallClone3X;

    internal static long P64(EventRecord rec, int i)
    {
        var d = rec.GetParam(i);
        return d.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(d) : 0;
    }

    internal static uint P32(EventRecord rec, int i)
    {
        var d = rec.GetParam(i);
        return d.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(d) : 0;
    }

    private static bool IsV4MappedOrZero(IpAddress a) => a.IsV6 && (a.IsV4Mapped || a.IsZero);

    private static void SwapEnds(FdInfo f)
    {
        (f.SourceIp, f.DestIp) = (f.DestIp, f.SourceIp);
        (f.SourcePort, f.DestPort) = (f.DestPort, f.SourcePort);
    }

    /// <summary>NUL-separated strings (argv, env) as a list; a missing final NUL still ends the last one.</summary>
    internal static IReadOnlyList<string> SplitNul(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return [];
        var list = new List<string>();
        while (!data.IsEmpty)
        {
            int nul = data.IndexOf((byte)0);
            var item = nul >= 0 ? data[..nul] : data;
            list.Add(System.Text.Encoding.UTF8.GetString(item));
            if (nul < 0) break;
            data = data[(nul + 1)..];
        }
        return list;
    }

    /// <summary>
    /// An environment: NUL-separated like argv, but, as sinsp reads it, an empty entry that only
    /// zero bytes follow ends it (a process may have cleared its environment area).
    /// </summary>
    internal static IReadOnlyList<string> SplitEnv(ReadOnlySpan<byte> data)
    {
        int end = data.Length;
        for (int at = 0; at < data.Length;)
        {
            int nul = data[at..].IndexOf((byte)0);
            if (nul == 0 && data[at..].IndexOfAnyExcept((byte)0) < 0) { end = at; break; }
            if (nul < 0) break;
            at += nul + 1;
        }
        return SplitNul(data[..end]);
    }

    /// <summary>"subsys=path" entries, with sinsp's subsystem renames.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ParseCgroups(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return [];
        var list = new List<KeyValuePair<string, string>>();
        foreach (var s in SplitNul(data))
        {
            int eq = s.LastIndexOf('=');
            if (eq < 0) break;
            string subsys = s[..eq], path = s[(eq + 1)..];
            int pos = subsys.IndexOf("_cgroup", StringComparison.Ordinal);
            if (pos >= 0) subsys = subsys.Remove(pos, 7);
            subsys = subsys switch { "perf" => "perf_event", "mem" => "memory", "io" => "blkio", _ => subsys };
            list.Add(new(subsys, path));
        }
        return list;
    }

    /// <summary>sinsp's set_cwd: joins onto the current cwd and makes sure of a trailing '/'.</summary>
    internal static Utf8Text CwdFrom(Utf8Text current, ReadOnlySpan<byte> path)
    {
        var joined = Formatting.PathText.JoinForState(current.Bytes, path);
        if (joined.Length == 0 || joined[^1] != '/')
        {
            Array.Resize(ref joined, joined.Length + 1);
            joined[^1] = (byte)'/';
        }
        return Utf8Text.Own(joined);
    }
}
