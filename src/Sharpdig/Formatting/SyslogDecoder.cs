using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Formatting;

/// <summary>
/// sysdig's always-on syslog decoder for evt.info (event-params.md §10): the exit of a write to an
/// fd named like /dev/log whose data starts with "&lt;PRI&gt;" is summarised as
/// `syslog sev=SEV msg=MSG` (no trailing space).
/// </summary>
public static class SyslogDecoder
{
    private static readonly byte[][] s_severities =
        ["emerg"u8.ToArray(), "alert"u8.ToArray(), "crit"u8.ToArray(), "err"u8.ToArray(),
         "warn"u8.ToArray(), "notice"u8.ToArray(), "info"u8.ToArray(), "debug"u8.ToArray()];

    public static bool TryRender(EventContext ctx, ByteWriter w)
    {
        var rec = ctx.Record;
        var info = rec.Info;
        if (info.IsEnter || (info.Flags & EventFlags.WritesToFd) == 0) return false;
        var fd = ctx.Fd;
        if (fd is null || !fd.IsSyslog) return false;
        if (rec.ParamCount < 2) return false;
        if ((long)ParamRenderer.U64(rec.GetParam(0)) < 0) return false;
        var data = rec.GetParam(1);
        if (data.Length < 1) return false;

        // PRI: the bytes after the first one up to '>' or NUL (at most 15).
        int j = 0, pos = 1;
        while (pos < data.Length && data[pos] != '>' && data[pos] != 0 && j < 15) { pos++; j++; }
        if (j == 0 || data.Length < j + 2) return false;
        int priority = 0;
        foreach (byte c in data.Slice(1, j))
        {
            if (c < '0' || c > '9') return false;
            priority = priority * 10 + (c - '0');
        }
        w.Write("syslog sev="u8);
        w.Write(s_severities[priority & 7]);
        w.Write(" msg="u8);
        w.Write(ParamRenderer.UpToNul(data[(j + 2)..]));
        return true;
    }
}
