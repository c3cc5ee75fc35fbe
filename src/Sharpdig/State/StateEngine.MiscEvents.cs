using Sharpdig.Events;

namespace Sharpdig.State;

// Everything else that changes state: working directory, root, limits and memory figures.
public sealed partial class StateEngine
{
    // Container events describe a container in JSON; the event's thread is a stand-in
    // (tid -1, comm "container:ID") that is not part of the thread table.
    private void ParseContainerJson(EventRecord rec, EventContext ctx)
    {
        var json = Formatting.ParamRenderer.UpToNul(rec.GetParam(0));
        ContainerInfo info;
        uint lookupState = 1;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            System.Text.Json.JsonElement c = default;
            bool has = root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("container", out c)
                && c.ValueKind == System.Text.Json.JsonValueKind.Object;
            if (has && c.TryGetProperty("lookup_state", out var ls) && ls.TryGetUInt32(out var lv)) lookupState = lv <= 2 ? lv : 1;
            var labels = new Dictionary<string, string>();
            if (has && c.TryGetProperty("labels", out var lb) && lb.ValueKind == System.Text.Json.JsonValueKind.Object)
                foreach (var p in lb.EnumerateObject())
                    if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String) labels[p.Name] = p.Value.GetString() ?? "";
            info = new ContainerInfo(has ? Str(c, "id") : "", has && c.TryGetProperty("type", out var t) && t.TryGetUInt32(out var tv) ? tv : 0,
                has ? Str(c, "name") : "", has ? Str(c, "image") : "")
            {
                ImageId = has ? Str(c, "imageid") : "",
                ImageRepo = has ? Str(c, "imagerepo") : "",
                ImageTag = has ? Str(c, "imagetag") : "",
                ImageDigest = has ? Str(c, "imagedigest") : "",
                Privileged = has && c.TryGetProperty("privileged", out var pr) && pr.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? pr.GetBoolean() : null,
                Ip = has ? Str(c, "ip") : "",
                IsPodSandbox = has && c.TryGetProperty("is_pod_sandbox", out var ps) && ps.ValueKind == System.Text.Json.JsonValueKind.True,
                Labels = labels,
                RawJson = has ? c.GetRawText() : "",
            };
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }
        if (lookupState == 0) lookupState = 2;   // a lookup still running when the file was written failed
        if (lookupState != 1) ctx.IsFilteredOut = true;
        State.Containers[info.Id] = info;
        ctx.ParserThread = new ThreadInfo(-1)
        {
            Pid = -1, Vtid = -2, Vpid = -2, Comm = Utf8Text.FromString("container:" + info.Id), ContainerId = info.Id,
            LoginUid = 0,   // a thread sinsp makes up starts with login uid 0
        };
    }

    private static string Str(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() ?? "" : "";

    private void ParseContainerOld(EventRecord rec)
    {
        string id = System.Text.Encoding.UTF8.GetString(Formatting.ParamRenderer.UpToNul(rec.GetParam(0)));
        State.Containers[id] = new ContainerInfo(id, P32(rec, 1),
            System.Text.Encoding.UTF8.GetString(Formatting.ParamRenderer.UpToNul(rec.GetParam(2))),
            System.Text.Encoding.UTF8.GetString(Formatting.ParamRenderer.UpToNul(rec.GetParam(3))));
    }

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

    // A context switch reports the outgoing thread's page faults and its process's memory.
    private static void ParseContextSwitch(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null || rec.ParamCount < 6) return;
        t.PageFaultsMajor = (ulong)P64(rec, 1);
        t.PageFaultsMinor = (ulong)P64(rec, 2);
        var main = t.Process;
        main.VmSizeKb = P32(rec, 3);
        main.VmRssKb = P32(rec, 4);
        main.VmSwapKb = P32(rec, 5);
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
