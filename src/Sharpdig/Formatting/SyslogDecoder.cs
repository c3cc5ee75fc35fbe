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
        if (!TryDecode(ctx, out int priority, out var message)) return false;
        w.Write("syslog sev="u8);
        w.Write(s_severities[priority & 7]);
        w.Write(" msg="u8);
        w.Write(message);
        return true;
    }

    /// <summary>
    /// Decodes the current event when it is a successful write to a /dev/log fd whose data starts
    /// with "&lt;PRI&gt;": the priority (facility * 8 + severity) and the message (up to a NUL).
    /// </summary>
    public static bool TryDecode(EventContext ctx, out int priority, out ReadOnlySpan<byte> message)
    {
        priority = 0; message = default;
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
        foreach (byte c in data.Slice(1, j))
        {
            if (c < '0' || c > '9') return false;
            priority = priority * 10 + (c - '0');
        }
        message = ParamRenderer.UpToNul(data[(j + 2)..]);
        return true;
    }

    /// <summary>Severity names by number (syslog.severity.str).</summary>
    public static ReadOnlySpan<byte> SeverityName(int severity) => s_severities[severity & 7];

    private static readonly string[] s_facilities =
        ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "clock", "authpriv", "ftp", "ntp",
         "logaudit", "logalert", "cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"];

    /// <summary>Facility names by number (syslog.facility.str); &lt;NA&gt; past the known ones.</summary>
    public static string FacilityName(int facility) =>
        facility >= 0 && facility < s_facilities.Length ? s_facilities[facility] : "<NA>";
}
