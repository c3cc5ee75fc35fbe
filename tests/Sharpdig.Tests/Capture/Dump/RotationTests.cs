using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Capture.Scap.Rotation;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Capture.Dump;

/// <summary>A repeated-curl capture (~2.6 MB, ~40000 events over ~200 s) shared by the rotation tests.</summary>
public sealed class RepeatedCurlCapture : IDisposable
{
    public string Dir { get; } = ScapTestSupport.TempDir();
    public string Path => System.IO.Path.Combine(Dir, "big.scap");
    private bool _written;
    private readonly object _gate = new();

    public string Get()
    {
        lock (_gate)
        {
            if (!_written) { DumpTestSupport.WriteRepeatedCurl(Path, 40_000); _written = true; }
        }
        return Path;
    }

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>
/// -C/-G/-W/-e against the real sysdig: the same files with the same names, the same events per
/// file where the header sizes agree, every file readable on its own (its header is the state
/// at that point), and together printing exactly what the original prints.
/// </summary>
public class RotationTests(RepeatedCurlCapture big) : IClassFixture<RepeatedCurlCapture>
{
    private (string[] Names, long[] Events, string Dir) Run(bool sysdig, params string[] args)
    {
        string input = big.Get();
        string dir = ScapTestSupport.TempDir();
        var (_, stderr, rc) = sysdig
            ? DumpTestSupport.RunSysdig(dir, ["-r", input, .. args])
            : DumpTestSupport.RunSharpdig(dir, ["-r", input, .. args]);
        Assert.True(rc == 0, $"{(sysdig ? "sysdig" : "sharpdig")} {string.Join(' ', args)}: rc {rc} {stderr}");
        var names = DumpTestSupport.FilesIn(dir);
        return (names, names.Select(n => DumpTestSupport.CountEvents(System.IO.Path.Combine(dir, n))).ToArray(), dir);
    }

    [SkippableTheory]
    [InlineData("-w", "o.scap", "-e", "4000")]
    [InlineData("-w", "o.scap", "-e", "4000", "-W", "3")]
    [InlineData("-w", "o.scap", "-G", "30")]
    [InlineData("-w", "o.scap", "-G", "30", "-W", "2")]
    [InlineData("-w", "o.scap", "-W", "2")]
    [InlineData("-w", "cap-%H%M%S.scap", "-G", "20")]
    [InlineData("-w", "cap-%H%M%S.scap", "-G", "20", "-W", "3")]
    public void Same_files_and_events_as_sysdig(params string[] args)
    {
        SysdigOracle.Require();
        var theirs = Run(sysdig: true, args);
        var ours = Run(sysdig: false, args);
        try
        {
            Assert.Equal(theirs.Names, ours.Names);
            Assert.Equal(theirs.Events, ours.Events);
            foreach (var n in ours.Names)
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(System.IO.Path.Combine(ours.Dir, n)));
        }
        finally { Directory.Delete(theirs.Dir, true); Directory.Delete(ours.Dir, true); }
    }

    [SkippableTheory]
    [InlineData("-C", "1")]
    [InlineData("-C", "1", "-W", "12")]
    [InlineData("-C", "1", "-z")]
    public void Size_rotation_names_files_like_sysdig(params string[] args)
    {
        SysdigOracle.Require();
        var theirs = Run(sysdig: true, ["-w", "o.scap", .. args]);
        var ours = Run(sysdig: false, ["-w", "o.scap", .. args]);
        try
        {
            Assert.Equal(theirs.Names, ours.Names);
            // Later headers hold the state at the split (sysdig repeats the first one), so only the
            // first file, with the same header, must split at the same event.
            if (!args.Contains("-z")) Assert.Equal(theirs.Events[0], ours.Events[0]);
            Assert.Equal(theirs.Events.Sum(), ours.Events.Sum());
        }
        finally { Directory.Delete(theirs.Dir, true); Directory.Delete(ours.Dir, true); }
    }

    [SkippableFact]
    public void Size_split_points_match_sysdig_when_headers_match()
    {
        // Given sysdig's own choice of header (the capture's first one, in every file), our size
        // accounting must split at exactly its events.
        SysdigOracle.Require();
        var theirs = Run(sysdig: true, "-w", "o.scap", "-C", "1");
        string dir = ScapTestSupport.TempDir();
        try
        {
            using (var reader = new ScapFileReader(big.Get()))
            using (var writer = new RotatingCaptureWriter(
                       new RotationSettings { BaseName = System.IO.Path.Combine(dir, "o.scap"), SizeLimitMillions = 1 },
                       live: false, new SameHeaderEveryFile(reader.Metadata)))
            {
                var rec = new EventRecord();
                writer.Open(0, 0);
                while (reader.TryReadNext(rec)) writer.WriteEvent(rec, 0);
            }
            var names = DumpTestSupport.FilesIn(dir);
            Assert.Equal(theirs.Names, names);
            Assert.Equal(theirs.Events, names.Select(n => DumpTestSupport.CountEvents(System.IO.Path.Combine(dir, n))).ToArray());
        }
        finally { Directory.Delete(theirs.Dir, true); Directory.Delete(dir, true); }
    }

    [SkippableTheory]
    [InlineData("-e", "701")]
    [InlineData("-C", "1")]
    [InlineData("-G", "7")]
    [InlineData("-e", "997", "-F", "fd.name contains lib or evt.type=close")]
    public void Each_file_stands_alone_and_together_they_print_the_original(params string[] args)
    {
        SysdigOracle.Require();
        string input = big.Get();
        string filter = args.Length > 3 ? args[3] : "";
        var ours = Run(sysdig: false, ["-w", "o.scap", .. args]);
        try
        {
            Assert.True(ours.Names.Length > 2);
            // Files in the order written: o.scap0, o.scap1, ... (numeric, not text order).
            var ordered = ours.Names.OrderBy(n => long.Parse(n["o.scap".Length..])).ToArray();
            string joined = string.Concat(ordered.Select(n => DumpTestSupport.SysdigLines(System.IO.Path.Combine(ours.Dir, n))));
            string expected = filter == "" ? DumpTestSupport.SysdigLines(input) : DumpTestSupport.SysdigLines(input, filter);
            Assert.Equal(expected, joined);
        }
        finally { Directory.Delete(ours.Dir, true); }
    }

    private sealed class SameHeaderEveryFile(CaptureMetadata md) : ICaptureFileStart
    {
        public CaptureMetadata Metadata(bool firstFile) => md;
        public IEnumerable<EventRecord> LeadingEvents(ulong timestampNs) => [];
    }
}
