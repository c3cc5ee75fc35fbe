namespace Sharpdig.Formatting;

/// <summary>The evt.outputtime column for each -t mode (event-params.md §1).</summary>
public sealed class TimeText
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.Local;
    private long _offsetFrom = long.MaxValue, _offsetTo = long.MinValue, _offsetSeconds;
    private ulong _previousShown;

    /// <summary>`HH:MM:SS.nnnnnnnnn` in local time.</summary>
    public void WriteHuman(ByteWriter w, ulong ts)
    {
        long secs = (long)(ts / 1_000_000_000);
        if (secs < _offsetFrom || secs >= _offsetTo) RefreshOffset(secs);
        long local = secs + _offsetSeconds;
        long day = ((local % 86400) + 86400) % 86400;
        var s = w.GetSpan(18);
        Two(s, 0, (int)(day / 3600)); s[2] = (byte)':';
        Two(s, 3, (int)(day / 60 % 60)); s[5] = (byte)':';
        Two(s, 6, (int)(day % 60)); s[8] = (byte)'.';
        Nine(s[9..], ts % 1_000_000_000);
        w.Advance(18);
    }

    /// <summary>-t a: seconds, a dot, and the nanoseconds without zero padding (as 0.29.3 prints them).</summary>
    public static void WriteAbsolute(ByteWriter w, ulong ts)
    {
        w.Write(ts / 1_000_000_000);
        w.Write((byte)'.');
        w.Write(ts % 1_000_000_000);
    }

    /// <summary>`S.nnnnnnnnn` for a duration (-t r, -t d).</summary>
    public static void WriteDuration(ByteWriter w, ulong ns)
    {
        w.Write(ns / 1_000_000_000);
        w.Write((byte)'.');
        var s = w.GetSpan(9);
        Nine(s, ns % 1_000_000_000);
        w.Advance(9);
    }

    /// <summary>-t D: time since the previous shown event (0 for the first).</summary>
    public void WriteDeltaFromPrevious(ByteWriter w, ulong ts)
    {
        if (_previousShown == 0) _previousShown = ts;
        WriteDuration(w, ts - _previousShown);
        _previousShown = ts;
    }

    private void RefreshOffset(long secs)
    {
        DateTime utc;
        try { utc = DateTime.UnixEpoch.AddSeconds(secs); }
        catch (ArgumentOutOfRangeException) { _offsetSeconds = 0; _offsetFrom = secs; _offsetTo = secs + 1; return; }
        _offsetSeconds = (long)_zone.GetUtcOffset(utc).TotalSeconds;
        // Offsets change at most on whole hours here; re-check every hour.
        _offsetFrom = secs - secs % 3600;
        _offsetTo = _offsetFrom + 3600;
    }

    private static void Two(Span<byte> s, int at, int v) { s[at] = (byte)('0' + v / 10); s[at + 1] = (byte)('0' + v % 10); }

    private static void Nine(Span<byte> s, ulong v)
    {
        for (int i = 8; i >= 0; i--) { s[i] = (byte)('0' + (int)(v % 10)); v /= 10; }
    }
}
