namespace Sharpdig.Fields;

/// <summary>Event timestamps (ns since the epoch) as the local-time texts sysdig prints.</summary>
public static class TimeText
{
    // The local offset is looked up once per second of event time, not per event.
    private static long s_cachedSecond = long.MinValue;
    private static long s_cachedLocalSecond;
    private static int s_cachedOffsetMinutes;

    private static long LocalSeconds(ulong ns, out int offsetMinutes)
    {
        long sec = (long)(ns / 1_000_000_000);
        if (sec != s_cachedSecond)
        {
            var utc = DateTimeOffset.FromUnixTimeSeconds(sec);
            var offset = TimeZoneInfo.Local.GetUtcOffset(utc.UtcDateTime);
            s_cachedSecond = sec;
            s_cachedOffsetMinutes = (int)offset.TotalMinutes;
            s_cachedLocalSecond = sec + (long)offset.TotalSeconds;
        }
        offsetMinutes = s_cachedOffsetMinutes;
        return s_cachedLocalSecond;
    }

    /// <summary>HH:MM:SS, then .nnnnnnnnn when <paramref name="withNanos"/>.</summary>
    public static void AppendTime(TextBuffer o, ulong ns, bool withNanos)
    {
        long local = LocalSeconds(ns, out _);
        long daySec = ((local % 86400) + 86400) % 86400;
        Two(o, daySec / 3600); o.Append((byte)':'); Two(o, daySec / 60 % 60); o.Append((byte)':'); Two(o, daySec % 60);
        if (withNanos) { o.Append((byte)'.'); o.AppendPadded(ns % 1_000_000_000, 9); }
    }

    /// <summary>YYYY-MM-DD HH:MM:SS[.nnnnnnnnn].</summary>
    public static void AppendDateTime(TextBuffer o, ulong ns, bool withNanos)
    {
        AppendDate(o, ns);
        o.Append((byte)' ');
        AppendTime(o, ns, withNanos);
    }

    /// <summary>YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+hhmm.</summary>
    public static void AppendIso8601(TextBuffer o, ulong ns)
    {
        AppendDate(o, ns);
        o.Append((byte)'T');
        AppendTime(o, ns, true);
        LocalSeconds(ns, out int off);
        o.Append(off < 0 ? (byte)'-' : (byte)'+');
        off = Math.Abs(off);
        Two(o, off / 60); Two(o, off % 60);
    }

    private static void AppendDate(TextBuffer o, ulong ns)
    {
        long local = LocalSeconds(ns, out _);
        var d = DateTimeOffset.FromUnixTimeSeconds(local).UtcDateTime;
        o.AppendPadded((ulong)d.Year, 4); o.Append((byte)'-'); Two(o, d.Month); o.Append((byte)'-'); Two(o, d.Day);
    }

    private static void Two(TextBuffer o, long v) => o.AppendPadded((ulong)v, 2);

    /// <summary>A duration for people: 653ns, 3.12us, 1.50ms, 2.03s (digits cut, not rounded).</summary>
    public static void AppendHumanDuration(TextBuffer o, ulong ns)
    {
        if (ns < 1000) { o.Append(ns); o.Append("ns"u8); return; }
        ulong unit; ReadOnlySpan<byte> suffix;
        if (ns < 1_000_000) { unit = 1000; suffix = "us"u8; }
        else if (ns < 1_000_000_000) { unit = 1_000_000; suffix = "ms"u8; }
        else { unit = 1_000_000_000; suffix = "s"u8; }
        ulong hundredths = ns * 100 / unit;
        o.Append(hundredths / 100);
        if (hundredths < 1000) { o.Append((byte)'.'); o.AppendPadded(hundredths % 100, 2); }
        o.Append(suffix);
    }
}
