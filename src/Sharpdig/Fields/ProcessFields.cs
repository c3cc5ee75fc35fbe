using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>The proc.* and thread.* fields, read from the event's thread and its ancestors.</summary>
internal sealed class ProcessFieldExtractor : FieldExtractor
{
    internal enum Id
    {
        Pid, Exe, Name, Args, Env, CmdLine, ExeLine, Cwd, NThreads, NChilds, Ppid, PName, PCmdLine, Apid, Aname,
        LoginShellId, Duration, FdOpenCount, FdLimit, FdUsage, VmSize, VmRss, VmSwap, PfMajor, PfMinor, Tid, IsMain,
        ExecTime, TotExecTime, Cgroups, Cgroup, Vtid, Vpid, Cpu, CpuUser, CpuSystem, ThreadVmSize, ThreadVmRss, Sid,
        SName, Tty, ExePath, Vpgid, IsHealthcheck, IsLiveness, IsReadiness, IsExeWritable,
        // Unlisted (sysdig's curses views use them).
        ThreadVmSizeBytes, ThreadVmRssBytes, NameTid,
    }

    private static readonly Dictionary<string, Id> s_ids = new()
    {
        ["proc.pid"] = Id.Pid, ["proc.exe"] = Id.Exe, ["proc.name"] = Id.Name, ["proc.args"] = Id.Args, ["proc.env"] = Id.Env,
        ["proc.cmdline"] = Id.CmdLine, ["proc.exeline"] = Id.ExeLine, ["proc.cwd"] = Id.Cwd, ["proc.nthreads"] = Id.NThreads,
        ["proc.nchilds"] = Id.NChilds, ["proc.ppid"] = Id.Ppid, ["proc.pname"] = Id.PName, ["proc.pcmdline"] = Id.PCmdLine,
        ["proc.apid"] = Id.Apid, ["proc.aname"] = Id.Aname, ["proc.loginshellid"] = Id.LoginShellId,
        ["proc.duration"] = Id.Duration, ["proc.fdopencount"] = Id.FdOpenCount, ["proc.fdlimit"] = Id.FdLimit,
        ["proc.fdusage"] = Id.FdUsage, ["proc.vmsize"] = Id.VmSize, ["proc.vmrss"] = Id.VmRss, ["proc.vmswap"] = Id.VmSwap,
        ["thread.pfmajor"] = Id.PfMajor, ["thread.pfminor"] = Id.PfMinor, ["thread.tid"] = Id.Tid,
        ["thread.ismain"] = Id.IsMain, ["thread.exectime"] = Id.ExecTime, ["thread.totexectime"] = Id.TotExecTime,
        ["thread.cgroups"] = Id.Cgroups, ["thread.cgroup"] = Id.Cgroup, ["thread.vtid"] = Id.Vtid, ["proc.vpid"] = Id.Vpid,
        ["thread.cpu"] = Id.Cpu, ["thread.cpu.user"] = Id.CpuUser, ["thread.cpu.system"] = Id.CpuSystem,
        ["thread.vmsize"] = Id.ThreadVmSize, ["thread.vmrss"] = Id.ThreadVmRss, ["proc.sid"] = Id.Sid,
        ["proc.sname"] = Id.SName, ["proc.tty"] = Id.Tty, ["proc.exepath"] = Id.ExePath, ["proc.vpgid"] = Id.Vpgid,
        ["proc.is_container_healthcheck"] = Id.IsHealthcheck, ["proc.is_container_liveness_probe"] = Id.IsLiveness,
        ["proc.is_container_readiness_probe"] = Id.IsReadiness, ["proc.is_exe_writable"] = Id.IsExeWritable,
        ["thread.vmsize.b"] = Id.ThreadVmSizeBytes, ["thread.vmrss.b"] = Id.ThreadVmRssBytes, ["thread.nametid"] = Id.NameTid,
    };

    private static readonly HashSet<string> s_shells = ["sh", "bash", "csh", "tcsh", "zsh", "ksh", "fish", "dash", "ash"];

    private readonly Id _id;
    /// <summary>proc.apid/proc.aname level (-1: no index given, i.e. any ancestor in filters).</summary>
    private readonly int _level = -1;
    private readonly string? _cgroup;

    private ProcessFieldExtractor(FieldInfo info, string text, Id id, int level, string? cgroup) : base(info, text)
    {
        _id = id; _level = level; _cgroup = cgroup;
    }

    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg, out FieldExtractor? x, out string error)
    {
        x = null; error = "";
        var id = s_ids[info.Name];
        int level = -1;
        if (id is Id.Apid or Id.Aname && arg is { } a)
        {
            if (!a.Bracketed || !a.IsIndex(out level)) { error = $"unrecognized field {text}"; return false; }
        }
        x = new ProcessFieldExtractor(info, text, id, level, id == Id.Cgroup ? arg?.Text : null);
        return true;
    }

    public override bool KeepsState => _id is Id.ExecTime or Id.TotExecTime or Id.Cpu or Id.CpuUser or Id.CpuSystem;

    /// <summary>proc.apid/proc.aname written without an index: in filters it matches any ancestor.</summary>
    public bool IsAnyAncestor => _id is Id.Apid or Id.Aname && _level < 0;

    // thread.cpu*: per thread, the CPU total seen at this extractor's previous procinfo event
    // (sinsp keeps it as a per-filtercheck private state of the thread).
    private int _lastCpuSlot = -1;   // this extractor's slot in each thread (ThreadInfo.ExtractorSlot)

    /// <summary>On procinfo events: CPU ticks since the thread's previous sample (capped at 100), 0 on the first.</summary>
    private bool ThreadCpu(EventContext ctx, ThreadInfo t, bool user, bool system)
    {
        var rec = ctx.Record;
        if (rec.Type != EventTable.Codes.ProcInfoE) return false;
        ulong total = 0;
        if (user && rec.GetParam(0) is { Length: >= 8 } u) total += System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(u);
        if (system && rec.GetParam(1) is { Length: >= 8 } s) total += System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
        if (_lastCpuSlot < 0) _lastCpuSlot = ThreadInfo.ReserveExtractorSlot();
        ref ulong slot = ref t.ExtractorSlot(_lastCpuSlot);
        ulong last = slot;
        slot = total;
        return SetReal(last == 0 ? 0 : Math.Min((double)(total - last), 100));
    }

    public override bool Extract(EventContext ctx)
    {
        // thread.tid is the event's own tid: it has a value even when the thread is unknown (as in sinsp).
        if (_id == Id.Tid) return SetSigned(ctx.Record.ThreadId);
        var t = ctx.Thread;
        if (t is null)
        {
            // thread.exectime has a value (0 but on switches) even without a thread; totexectime has
            // none, but it still takes the switch time (sinsp measures before it looks at the thread).
            if (_id == Id.ExecTime) return SetUnsigned(ExecTimeOf(ctx));
            if (_id == Id.TotExecTime) ExecTimeOf(ctx);
            return false;
        }
        var p = t.Process ?? t;
        switch (_id)
        {
            case Id.Pid: return SetSigned(t.Pid);
            case Id.Exe: return SetUtf8(t.Exe);
            case Id.Name: return SetUtf8(t.Comm);
            case Id.Args: Scratch.Clear(); AppendJoined(t.Args); return SetText(Scratch);
            // Secondary threads show their process's environment (sinsp keeps it on the main thread).
            case Id.Env: Scratch.Clear(); AppendJoined(t.IsMainThread ? t.Env : p.Env); return SetText(Scratch);
            case Id.CmdLine: Scratch.Clear(); AppendCmdLine(t, false); return SetText(Scratch);
            case Id.ExeLine: Scratch.Clear(); AppendCmdLine(t, true); return SetText(Scratch);
            case Id.Cwd: return SetUtf8(t.Cwd);
            // Both read the counter of threads that the engine keeps per main thread (sinsp's m_nchilds):
            // nthreads the process's plus its main thread, nchilds the event thread's own.
            case Id.NThreads: return SetUnsigned((ulong)(p.ChildThreads + 1));
            case Id.NChilds: return SetUnsigned((ulong)t.ChildThreads);
            case Id.Ppid: return SetSigned(p.Ptid);
            // The parent here is the thread's own parent (a secondary thread's is its creator), as in sysdig.
            case Id.PName: { var pp = ThreadParent(ctx, t); return pp is not null && SetUtf8(pp.Comm); }
            case Id.PCmdLine: { var pp = ThreadParent(ctx, t); if (pp is null) return false; Scratch.Clear(); AppendCmdLine(pp, false); return SetText(Scratch); }
            // Counted from the thread itself when it is a main thread (its pid may have changed by execve).
            case Id.Apid: { var a = Ancestor(ctx, t.IsMainThread ? t : p, Math.Max(_level, 0)); return a is not null && SetSigned(a.Pid); }
            case Id.Aname: { var a = Ancestor(ctx, t.IsMainThread ? t : p, Math.Max(_level, 0)); return a is not null && SetUtf8(a.Comm); }
            case Id.LoginShellId:
            {
                long found = -1;
                for (var a = p; a is not null; a = Parent(ctx, a))
                    if (s_shells.Contains(a.Comm.Value)) found = a.Pid;
                return found >= 0 && SetSigned(found);
            }
            case Id.Duration:
                // Measured from the event thread's own creation (a secondary thread's, not its process's).
                if (t.CloneTs == 0 || ctx.Record.Timestamp < t.CloneTs) return false;
                return SetUnsigned(ctx.Record.Timestamp - t.CloneTs);
            case Id.FdOpenCount: return SetUnsigned((ulong)p.Fds.Count);
            case Id.FdLimit: return SetSigned(t.IsPlaceholder && p.FdLimit == 0 ? -1 : (long)p.FdLimit);
            case Id.FdUsage:
                return SetReal(p.FdLimit == 0 ? 0 : p.Fds.Count * 100.0 / p.FdLimit);
            // The event thread's own figures: memory events update the thread that made them.
            case Id.VmSize: return SetUnsigned(t.VmSizeKb);
            case Id.VmRss: return SetUnsigned(t.VmRssKb);
            case Id.VmSwap: return SetUnsigned(t.VmSwapKb);
            case Id.PfMajor: return SetUnsigned(t.PageFaultsMajor);
            case Id.PfMinor: return SetUnsigned(t.PageFaultsMinor);
            case Id.Tid: return SetSigned(t.Tid);
            case Id.IsMain: return SetBool(t.IsMainThread);
            case Id.ExecTime: return SetUnsigned(ExecTimeOf(ctx));
            case Id.TotExecTime:
            {
                // sysdig sums, per thread, the exectime this field itself measured on switch events.
                ulong add = ExecTimeOf(ctx);
                _totals.TryGetValue(t.Tid, out ulong total);
                if (add != 0) _totals[t.Tid] = total += add;
                return SetUnsigned(total);
            }
            case Id.Cgroups:
            {
                if (t.Cgroups.Count == 0) return false;
                Scratch.Clear();
                foreach (var kv in t.Cgroups)
                {
                    if (Scratch.Length > 0) Scratch.Append((byte)' ');
                    Scratch.Append(kv.Key); Scratch.Append((byte)'='); Scratch.Append(kv.Value);
                }
                return SetText(Scratch);
            }
            case Id.Cgroup:
                foreach (var kv in t.Cgroups)
                    if (kv.Key == _cgroup) return SetText(kv.Value);
                return false;
            case Id.Vtid: return t.Vtid != -1 && SetSigned(t.Vtid);   // only -1 means unknown (container events use -2)
            case Id.Vpid: return t.Vpid != -1 && SetSigned(t.Vpid);
            case Id.Cpu: return ThreadCpu(ctx, t, user: true, system: true);
            case Id.CpuUser: return ThreadCpu(ctx, t, user: true, system: false);
            case Id.CpuSystem: return ThreadCpu(ctx, t, user: false, system: true);
            case Id.ThreadVmSize: return SetUnsigned(t.IsMainThread ? t.VmSizeKb : 0);
            case Id.ThreadVmRss: return SetUnsigned(t.IsMainThread ? t.VmRssKb : 0);
            // sysdig multiplies its 32-bit kB counters in 32 bits: sizes of 4 GiB and more wrap around.
            case Id.ThreadVmSizeBytes: return SetUnsigned(t.IsMainThread ? unchecked(t.VmSizeKb * 1024u) : 0);
            case Id.ThreadVmRssBytes: return SetUnsigned(t.IsMainThread ? unchecked(t.VmRssKb * 1024u) : 0);
            // The thread's command name, then the event's own tid.
            case Id.NameTid: Scratch.Clear(); Scratch.Append(t.Comm.Bytes); Scratch.Append(ctx.Record.ThreadId); return SetText(Scratch);
            case Id.Sid: return SetSigned(t.Sid);
            case Id.SName: return SetUtf8(SessionLeader(ctx, t).Comm);
            case Id.Tty: return SetSigned(t.Tty);
            case Id.ExePath: return SetUtf8(t.ExePath);
            case Id.Vpgid: return SetSigned(t.Vpgid);
            case Id.IsHealthcheck: case Id.IsLiveness: case Id.IsReadiness: return SetBool(false);
            case Id.IsExeWritable: return SetBool(t.ExeWritable);
        }
        return false;
    }

    /// <summary>For filters without an index: does any ancestor (parent and up) satisfy <paramref name="match"/>?</summary>
    public bool AnyAncestor(EventContext ctx, Func<FieldExtractor, bool> match)
    {
        var t = ctx.Thread;
        if (t is null) return false;
        int guard = 0;
        for (var a = Parent(ctx, t.Process ?? t); a is not null && guard++ < 256; a = Parent(ctx, a))
        {
            if (_id == Id.Apid) SetSigned(a.Pid); else SetUtf8(a.Comm);
            if (match(this)) return true;
        }
        return false;
    }

    // Like sysdig, each thread.exectime reference keeps its own last switch time per CPU and
    // only advances it when it reads a switch event.
    private ulong[] _lastSwitchTs = new ulong[8];
    private readonly Dictionary<long, ulong> _totals = new();

    private ulong ExecTimeOf(EventContext ctx)
    {
        var e = ctx.Record;
        if (e.Type != Ppme.SchedswitchV6E && e.Type != Ppme.SchedswitchV1E) return 0;
        int cpu = e.Cpu;
        if (cpu >= _lastSwitchTs.Length) Array.Resize(ref _lastSwitchTs, cpu + 8);
        ulong last = _lastSwitchTs[cpu];
        _lastSwitchTs[cpu] = e.Timestamp;
        return last != 0 && e.Timestamp >= last ? e.Timestamp - last : 0;
    }

    private bool SetUtf8(Utf8Text text)
    {
        var bytes = text.Bytes;
        Scratch.Clear();
        Scratch.Append(bytes);
        return SetText(Scratch);
    }

    private void AppendJoined(IReadOnlyList<string> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) Scratch.Append((byte)' ');
            Scratch.Append(items[i]);
        }
    }

    private void AppendCmdLine(ThreadInfo t, bool useExe)
    {
        Scratch.Append((useExe ? t.Exe : t.Comm).Bytes);
        if (useExe || t.Args.Count > 0) Scratch.Append((byte)' ');
        AppendJoined(t.Args);
    }

    /// <summary>
    /// The session id names its leader's pid. When that thread is gone (or the id is unknown, -1),
    /// sysdig takes the highest ancestor of the process that has the same session id.
    /// </summary>
    private static ThreadInfo SessionLeader(EventContext ctx, ThreadInfo t)
    {
        if (ctx.State.Threads.Get(t.Sid) is { } leader) return leader;
        var found = t.Process ?? t;
        long sid = found.Sid;
        // Walks parent threads (by ptid) with sinsp's two-speed loop check.
        ThreadInfo? slow = ThreadParent(ctx, found), fast = slow is null ? null : ThreadParent(ctx, slow);
        while (slow is not null && slow.Tid != -1)
        {
            if (slow.Sid != sid) break;
            found = slow;
            slow = ThreadParent(ctx, slow);
            for (int i = 0; i < 2; i++)
            {
                if (fast is not null) fast = ThreadParent(ctx, fast);
                if (slow is not null && (ReferenceEquals(slow, fast) || slow.Tid == slow.Ptid)) return found;
            }
        }
        return found;
    }

    /// <summary>The parent as sinsp walks ancestors: the thread named by the ptid (not its process).</summary>
    private static ThreadInfo? Parent(EventContext ctx, ThreadInfo p) => ThreadParent(ctx, p);

    private static ThreadInfo? ThreadParent(EventContext ctx, ThreadInfo t) =>
        t.Ptid == t.Tid || t.Ptid <= 0 ? null : ctx.State.Threads.Get(t.Ptid);

    private static ThreadInfo? Ancestor(EventContext ctx, ThreadInfo p, int level)
    {
        var a = p;
        for (int i = 0; i < level && a is not null; i++) a = Parent(ctx, a);
        return a;
    }
}
