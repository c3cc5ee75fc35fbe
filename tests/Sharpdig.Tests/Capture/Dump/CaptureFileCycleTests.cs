using Sharpdig.Capture.Scap.Rotation;
using Xunit;

namespace Sharpdig.Tests.Capture.Dump;

/// <summary>File naming and new-file decisions of -C/-G/-W/-e (sysdig 0.29.3's cycle writer rules).</summary>
public class CaptureFileCycleTests
{
    private const ulong Second = 1_000_000_000;
    private const ulong T0 = 1_534_527_348 * Second;

    private static List<string> Names(RotationSettings s, IEnumerable<(ulong Ts, long Size)> events, bool live = false)
    {
        var cycle = new CaptureFileCycle(s, live, TimeZoneInfo.Utc);
        var names = new List<string> { cycle.Start(1_700_000_000) };
        foreach (var (ts, size) in events)
            if (cycle.NeedsNewFile(ts, size)) names.Add(cycle.CurrentName);
        return names;
    }

    private static IEnumerable<(ulong, long)> Events(int n, ulong step = 1000, long size = 0) =>
        Enumerable.Range(0, n).Select(i => (T0 + (ulong)i * step, size));

    [Fact]
    public void Event_limit_counts_the_first_file_one_short()
    {
        var cycle = new CaptureFileCycle(new RotationSettings { BaseName = "o.scap", EventsPerFile = 3 }, false);
        Assert.Equal("o.scap0", cycle.Start(0));
        var decisions = Enumerable.Range(0, 7).Select(i => cycle.NeedsNewFile(T0, 0)).ToArray();
        // events 1,2 in o.scap0; the 3rd opens o.scap1, which then takes 3 events.
        Assert.Equal(new[] { false, false, true, false, false, true, false }, decisions);
        Assert.Equal("o.scap2", cycle.CurrentName);
    }

    [Fact]
    public void Event_limit_with_a_file_limit_wraps_the_counter()
    {
        var s = new RotationSettings { BaseName = "o.scap", EventsPerFile = 2, FileLimit = 2 };
        Assert.Equal(["o.scap0", "o.scap1", "o.scap0", "o.scap1"], Names(s, Events(6)));
    }

    [Fact]
    public void Size_limit_pads_the_counter_to_the_digits_of_the_file_limit()
    {
        var big = Events(3, size: 1_000_001);
        Assert.Equal(["o0", "o1", "o2", "o3"], Names(new RotationSettings { BaseName = "o", SizeLimitMillions = 1 }, big));
        Assert.Equal(["o00", "o01", "o02", "o03"],
            Names(new RotationSettings { BaseName = "o", SizeLimitMillions = 1, FileLimit = 12 }, big));
        Assert.Equal(["o0", "o1", "o0", "o1"],
            Names(new RotationSettings { BaseName = "o", SizeLimitMillions = 1, FileLimit = 2 }, big));
        // Exactly the limit is not "larger than" it.
        Assert.Equal(["o0"], Names(new RotationSettings { BaseName = "o", SizeLimitMillions = 1 }, Events(3, size: 1_000_000)));
    }

    [Fact]
    public void Seconds_without_a_pattern_use_a_counter_and_capture_time()
    {
        var s = new RotationSettings { BaseName = "t.scap", Seconds = 10 };
        // 25 events one second apart: new files at +10 s and +20 s of capture time.
        Assert.Equal(["t.scap0", "t.scap1", "t.scap2"], Names(s, Events(25, Second)));
    }

    [Fact]
    public void Seconds_with_a_pattern_start_with_first_dump_when_reading_a_file()
    {
        var s = new RotationSettings { BaseName = "cap-%Y%m%d-%H%M%S.scap", Seconds = 10, FileLimit = 2 };
        var cycle = new CaptureFileCycle(s, live: false, TimeZoneInfo.Utc);
        Assert.Equal(CaptureFileCycle.FirstDumpName, cycle.Start(0));
        var opened = new List<(string Name, string? Evicted)>();
        for (ulong i = 0; i < 35; i++)
            if (cycle.NeedsNewFile(T0 + i * Second, 0)) opened.Add((cycle.CurrentName, cycle.Evicted));
        Assert.Equal(
        [
            ("cap-20180817-173558.scap", null),
            ("cap-20180817-173608.scap", null),
            ("cap-20180817-173618.scap", "cap-20180817-173558.scap"),   // the ring of 2 drops the oldest
        ], opened);
    }

    [Fact]
    public void Seconds_with_a_pattern_live_name_the_first_file_from_the_clock()
    {
        var s = new RotationSettings { BaseName = "live-%s.scap", Seconds = 5 };
        var cycle = new CaptureFileCycle(s, live: true, TimeZoneInfo.Utc);
        Assert.Equal("live-1700000000.scap", cycle.Start(1_700_000_000));
    }

    [Fact]
    public void A_file_limit_alone_keeps_one_file()
    {
        Assert.Equal(["o.scap"], Names(new RotationSettings { BaseName = "o.scap", FileLimit = 3 }, Events(100, Second)));
    }

    [Fact]
    public void Strftime_formats_like_the_c_locale()
    {
        long t = 1_534_527_348;   // Fri Aug 17 17:35:48 UTC 2018
        Assert.Equal("2018-08-17 17:35:48 Fri Aug 229 05PM % %q",
            StrftimeFormatter.FormatLocal("%F %T %a %b %j %I%p %% %q", t, TimeZoneInfo.Utc));
        Assert.Equal("1534527348 18 17 +0000", StrftimeFormatter.FormatLocal("%s %y %e %z", t, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Sysdig_file_offset_counts_only_what_left_zlibs_buffer()
    {
        var o = new SysdigFileOffset();
        o.Write(8000);
        Assert.Equal(0, o.Offset);
        o.Write(192);          // exactly full: still buffered
        Assert.Equal(0, o.Offset);
        o.Write(1);            // more to come: the full buffer goes out
        Assert.Equal(8192, o.Offset);
        o.Write(10_000);       // large writes go straight through with what was buffered
        Assert.Equal(8192 + 1 + 10_000, o.Offset);
    }
}
