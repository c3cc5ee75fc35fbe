using Sharpdig.Events;
using Sharpdig.Formatting;

namespace Sharpdig.State;

// Process events: clone/fork/vfork exits (new threads), execve (new program), ids and sessions.
public sealed partial class StateEngine
{
    private const ulong CloneStaleTimeNs = 2_000_000_000;

    private void ParseCloneExit(EventRecord rec, EventContext ctx)
    {
        ushort type = rec.Type;
        long tid = rec.ThreadId;
        long childTid = P64(rec, 0);
        bool v11 = type == Ppme.SyscallCloneV11X;
        bool v16 = type is Ppme.SyscallCloneV16X or Ppme.SyscallForkX or Ppme.SyscallVforkX;
        bool v17 = type is Ppme.SyscallCloneV17X or Ppme.SyscallForkV17X or Ppme.SyscallVforkV17X;
        int flagsIdx = v11 ? 8 : v16 ? 13 : v17 ? 14 : 15;
        uint flags = P32(rec, flagsIdx);
        if (childTid < 0) return;

        long vtid = tid, vpid = -1;
        if (!v11 && !v16 && !v17) { vtid = P64(rec, 18); vpid = P64(rec, 19); }
        bool inContainer = (flags & CloneFlags.ChildInPidNs) != 0 || tid != vtid;
        bool inverted = false;
        var t = ctx.ParserThread;

        if (childTid == 0)
        {
            // We are the child: normally the parent's exit already created us.
            if (t is not null && t.CloneTs != 0 && rec.Timestamp - t.CloneTs > CloneStaleTimeNs)
            {
                RemoveThread(tid, force: true);
                t = ctx.ParserThread = null;
            }
            long parentTid = (flags & CloneFlags.Thread) != 0 ? P64(rec, 4) : P64(rec, 5);
            if (t is null)
            {
                inverted = true;
                childTid = tid;
                tid = parentTid;
            }
            else
            {
                if (inContainer) { t.Vtid = vtid; t.Vpid = vpid; }
                return;
            }
        }
        else if (inContainer) return;

        var parent = State.Threads.Get(tid) ?? AddPlaceholder(tid);
        EnsureProcessLink(parent);
        bool validParent = !(parent.Comm.Value == "<NA>" && parent.Uid == uint.MaxValue);

        bool tidCollision = false;
        var existing = State.Threads.Get(childTid);
        if (existing is not null)
        {
            if ((existing.Flags & CloneFlags.Inverted) != 0) return;
            RemoveThread(childTid, force: true);
            tidCollision = true;
        }

        var child = new ThreadInfo(childTid) { Ptid = tid };
        if (validParent) CopyProgram(parent, child, flags);
        else
        {
            RemoveThread(tid, force: true);
            tidCollision = true;
            parent = AddPlaceholder(tid);
            // A made-up parent learns its program from the child.
            child.Exe = CharBuf(rec, 1);
            child.Comm = (v11 || v16) ? child.Exe : CharBuf(rec, 13);
            child.Args = _argLists.Get(rec.GetParam(2));
            parent.Comm = child.Comm; parent.Exe = child.Exe; parent.ExePath = child.ExePath;
            parent.Args = child.Args;
        }

        child.Pid = (flags & CloneFlags.Thread) != 0 ? P64(rec, 4) : childTid;
        child.Flags = flags;
        if ((flags & CloneFlags.Thread) == 0)
        {
            child.OwnFds = parent.Fds.Clone();
            child.OwnCwd = parent.Cwd;
        }
        if (inverted) child.Flags |= CloneFlags.Inverted;

        child.Exe = CharBuf(rec, 1);
        child.Comm = (v11 || v16) ? child.Exe : CharBuf(rec, 13);
        child.Args = _argLists.Get(rec.GetParam(2));
        child.FdLimit = (ulong)P64(rec, 7);
        if (!v11)
        {
            child.PageFaultsMajor = (ulong)P64(rec, 8);
            child.PageFaultsMinor = (ulong)P64(rec, 9);
            child.VmSizeKb = P32(rec, 10);
            child.VmRssKb = P32(rec, 11);
            child.VmSwapKb = P32(rec, 12);
        }
        int uidIdx = v11 ? 9 : v16 ? 14 : v17 ? 15 : 16;
        child.Uid = P32(rec, uidIdx);
        child.Gid = P32(rec, uidIdx + 1);
        if (inContainer) { child.Vtid = vtid; child.Vpid = vpid; }
        else { child.Vtid = child.Tid; child.Vpid = child.Pid; }
        if (!v11 && !v16 && !v17)
        {
            (child.Cgroups, child.ContainerId) = _cgroupSets.Get(rec.GetParam(14));
        }
        child.CloneTs = rec.Timestamp;
        AddThread(child);
        child.Process = ResolveProcess(child, create: true) ?? child;
        // After replacing a thread sinsp starts the event over, so it points at the new thread.
        if (tidCollision) Reset(rec, ctx);
    }

    private static void CopyProgram(ThreadInfo from, ThreadInfo to, uint flags)
    {
        to.Comm = from.Comm; to.Exe = from.Exe; to.ExePath = from.ExePath; to.ExeWritable = from.ExeWritable;
        to.Args = from.Args; to.Root = from.Root; to.Sid = from.Sid; to.Vpgid = from.Vpgid;
        to.Tty = from.Tty; to.LoginUid = from.LoginUid;
        if ((flags & CloneFlags.Thread) == 0) to.Env = from.Env;
    }

    private void ParseExecveExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0) return;
        var t = ctx.ParserThread;
        if (t is null) return;
        ushort type = rec.Type;
        bool old = type is Ppme.SyscallExecveV8X or Ppme.SyscallExecveV13X or Ppme.SyscallExecveV14X;
        t.IsPlaceholder = false;   // it now has a program
        t.Exe = CharBuf(rec, 1);
        t.Comm = old ? t.Exe : CharBuf(rec, 13);
        t.Args = _argLists.Get(rec.GetParam(2));
        t.Pid = P64(rec, 4);
        if (t.Ptid == -1) t.Ptid = P64(rec, 5);
        t.FdLimit = (ulong)P64(rec, 7);
        t.PageFaultsMajor = (ulong)P64(rec, 8);
        t.PageFaultsMinor = (ulong)P64(rec, 9);
        t.VmSizeKb = P32(rec, 10);
        t.VmRssKb = P32(rec, 11);
        t.VmSwapKb = P32(rec, 12);
        if (old) t.Env = _envLists.Get(rec.GetParam(13));
        else if (type == Ppme.SyscallExecveV15X) t.Env = _envLists.Get(rec.GetParam(14));
        else
        {
            t.Env = _envLists.Get(rec.GetParam(15));
            (t.Cgroups, t.ContainerId) = _cgroupSets.Get(rec.GetParam(14));
        }
        if (rec.ParamCount > 16) t.Tty = P32(rec, 16);

        var enter = RetrieveEnter(ctx, rec);
        if (enter is not null)
        {
            if (type == Ppme.SyscallExecveatX)
            {
                var path = enter.GetParam(1);
                if (path.StartsWith("<NA>"u8)) t.ExePath = Utf8Text.NotAvailable;
                else
                {
                    var dir = DirFor(ctx, t, path, P64(enter, 0));
                    t.ExePath = Utf8Text.Own(PathText.JoinForState(dir, path));
                }
            }
            else
            {
                var path = enter.GetParam(0);
                if (path.StartsWith("<NA>"u8)) t.ExePath = Utf8Text.NotAvailable;
                else t.ExePath = Utf8Text.Own(PathText.JoinForState(t.OwnCwd.Bytes, path));
            }
        }
        if (rec.ParamCount > 17) t.Vpgid = P64(rec, 17);
        if (rec.ParamCount > 18) t.LoginUid = P32(rec, 18);
        if (rec.ParamCount > 19) t.ExeWritable = (P32(rec, 19) & 1) != 0;

        uint keep = t.Flags & (CloneFlags.PipeSrc | CloneFlags.PipeDst | CloneFlags.IsMainThread);
        bool inverted = (t.Flags & CloneFlags.Inverted) != 0;
        t.Flags = CloneFlags.Active | keep | CloneFlags.NameChanged | (inverted ? CloneFlags.Inverted : 0);
        t.ExecTs = rec.Timestamp;
        EnsureProcessLink(t);
    }

    private void ParseSetuidExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is not null) ctx.ParserThread.Uid = P32(enter, 0);
    }

    private void ParseSetgidExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is not null) ctx.ParserThread.Gid = P32(enter, 0);
    }

    private void ParseSetresuidExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) != 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is null) return;
        uint euid = P32(enter, 1);
        if (euid < uint.MaxValue) ctx.ParserThread.Uid = euid;
    }

    private void ParseSetresgidExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) != 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is null) return;
        uint egid = P32(enter, 1);
        if (egid < uint.MaxValue) ctx.ParserThread.Gid = egid;
    }

    private void ParseSetsidExit(EventRecord rec, EventContext ctx)
    {
        long res = P64(rec, 0);
        if (res >= 0 && ctx.ParserThread is not null) ctx.ParserThread.Sid = res;
    }

    private Utf8Text CharBuf(EventRecord rec, int i) => _names.Get(ParamRenderer.UpToNul(rec.GetParam(i)));

    // Recently decoded argv/env lists, cgroup sets and names, shared by the events that repeat them.
    private readonly RecentDecodes<IReadOnlyList<string>> _argLists = new(raw => SplitNul(raw));
    private readonly RecentDecodes<IReadOnlyList<string>> _envLists = new(raw => SplitEnv(raw));
    private readonly RecentDecodes<Tuple<IReadOnlyList<KeyValuePair<string, string>>, string>> _cgroupSets = new(raw =>
    {
        var list = ParseCgroups(raw);
        return Tuple.Create(list, ContainerIds.FromCgroups(list));
    });
    private readonly RecentDecodes<Utf8Text> _names = new(raw => Utf8Text.FromBytes(raw));
}
