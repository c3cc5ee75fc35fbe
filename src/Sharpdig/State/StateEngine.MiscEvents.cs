using Sharpdig.Events;

namespace Sharpdig.State;

// Everything else that changes state: working directory, root, limits and memory figures.
public sealed partial class StateEngine
{
    private void ParseChdirExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null || P64(rec, 0) < 0) return;
        var main = t.Process;
        main.OwnCwd = CwdFrom(main.OwnCwd, rec.GetParam(1));
    }

    private void ParseFchdirExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null || P64(rec, 0) < 0 || ctx.Fd is null) return;
        var main = t.Process;
        main.OwnCwd = CwdFrom(main.OwnCwd, ctx.Fd.Name.Bytes);
    }

    private void ParseChrootExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) != 0 || ctx.ParserThread is null) return;
        var path = Formatting.ParamRenderer.UpToNul(rec.GetParam(1));
        ctx.ParserThread.Root = Utf8Text.Own(Formatting.PathText.JoinForState(ctx.ParserThread.Cwd.Bytes, path));
    }

    private void ParseRlimitExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is null) return;
        var res = enter.GetParam(0);
        if (res.Length < 1 || res[0] != 7) return;   // PPM_RLIMIT_NOFILE
        long cur = P64(rec, 1);
        if (cur != -1) ctx.ParserThread.Process.FdLimit = (ulong)cur;
    }

    private void ParsePrlimitExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0 || ctx.ParserThread is null) return;
        var enter = RetrieveEnter(ctx, rec);
        if (enter is null) return;
        var res = enter.GetParam(1);
        if (res.Length < 1 || res[0] != 7) return;
        long cur = P64(rec, 1);
        if (cur == -1) return;
        long pid = P64(enter, 0);
        var target = pid == 0 ? ctx.ParserThread : State.Threads.Get(pid);
        if (target is not null) target.Process.FdLimit = (ulong)cur;
    }

    private void ParseMemoryExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null || rec.ParamCount < 4) return;
        t.VmSizeKb = P32(rec, 1);
        t.VmRssKb = P32(rec, 2);
        t.VmSwapKb = P32(rec, 3);
    }
}
