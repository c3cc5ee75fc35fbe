using Sharpdig.Events;
using Sharpdig.State;
using Sharpdig.Tests.Capture;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Fields;

/// <summary>
/// Fields found wrong by the field sweep (tools/field_sweep.sh), compared line by line with what
/// the real sysdig 0.29.3 prints: on every corpus capture sysdig can read, and on a synthetic
/// capture with the *at() syscalls and failed opens that the corpus does not have.
/// </summary>
public class FieldOracleTests
{
    private static readonly string[] Captures = TestPaths.SysdigReadableCaptures;

    /// <summary>Field groups: one sysdig run per (capture, group) keeps the suite quick.</summary>
    private static readonly string[][] FieldGroups =
    [
        // Memory and page faults move with memory events and context switches, per thread.
        ["proc.vmsize", "proc.vmrss", "proc.vmswap", "thread.vmsize", "thread.vmrss", "thread.pfminor", "thread.pfmajor"],
        // Process-wide facts read through the event's thread.
        ["proc.sname", "proc.nchilds", "proc.nthreads", "proc.env"],
        // fd fields when the fd is missing, new, failed or renamed.
        ["fd.num", "fd.typechar", "fd.name", "fd.containername", "fd.directory", "fd.containerdirectory", "fd.filename", "fd.name_changed"],
        // Local and remote ends are chosen by the client address.
        ["fd.lip", "fd.rip", "fd.lport", "fd.rport", "fd.lproto", "fd.rproto", "fd.cip", "fd.sip", "fd.is_server"],
        // Raw arguments print only where sysdig has a text for their type; evt.around never prints.
        ["evt.rawarg.size", "evt.rawarg.res", "evt.rawarg.name", "evt.around[1000]", "evt.abspath"],
        // Connection state, ports by role, fd ids, results and error counters. (evt.category is
        // left out: for a generic event with an unknown syscall id sysdig reads memory past its table.)
        ["fd.connected", "fd.uid", "fd.cport", "fd.sport", "fd.cproto", "fd.sproto", "evt.res",
         "evt.count.error", "evt.count.error.file", "evt.count.error.net", "evt.count.error.memory", "evt.count.error.other"],
        // Containers (Docker ones known only from cgroups) and the thread of container events.
        ["container.id", "container.type", "container.privileged", "container.mounts", "container.healthcheck",
         "proc.vpid", "thread.vtid", "user.loginuid", "evt.type", "syscall.type"],
        // Writes to /dev/log, times, ancestors.
        ["syslog.facility", "syslog.facility.str", "syslog.severity", "syslog.severity.str", "syslog.message",
         "evt.reltime", "evt.latency.human", "thread.exectime", "proc.apid[0]", "proc.aname[1]", "proc.loginshellid"],
    ];

    public static TheoryData<string, int> CorpusCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var capture in Captures)
            for (int g = 0; g < FieldGroups.Length; g++) data.Add(capture, g);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusCases))]
    public void CorpusFieldsMatchSysdig(string capture, int group)
    {
        SysdigOracle.Require();
        AssertGroupMatches(Path.Combine(TestPaths.RequireShared("corpus"), capture), group);
    }

    /// <summary>Prints one field group on every event of a capture with both tools and compares.</summary>
    private static void AssertGroupMatches(string path, int group)
    {
        // One column per field, separated by a character no value here contains.
        string format = "*%evt.num" + string.Concat(FieldGroups[group].Select(f => "\u0001%" + f));
        var (expected, _, code) = SysdigOracle.Run("-r", path, "-p", format);
        Assert.Equal(0, code);
        var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-p", format);
        Assert.Equal(0, rc);
        AssertSameLines(expected, actual, FieldGroups[group]);
    }

    /// <summary>
    /// The synthetic state scenarios (clones, execve, thread exits, switches, tid reuse, random fd
    /// and socket streams) with the same field groups: state the corpus does not exercise.
    /// </summary>
    public static TheoryData<int, int> ScenarioCases()
    {
        var data = new TheoryData<int, int>();
        foreach (int scenario in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })
            for (int g = 0; g < FieldGroups.Length; g++) data.Add(scenario, g);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ScenarioCases))]
    public void ScenarioFieldsMatchSysdig(int scenario, int group)
    {
        SysdigOracle.Require();
        string path = Path.Combine(Path.GetTempPath(), $"sharpdig-fields-{scenario}-{group}-{Environment.ProcessId}.scap");
        try
        {
            SyntheticCaptures.Write(path, scenario);
            AssertGroupMatches(path, group);
        }
        finally { File.Delete(path); }
    }

    private const ulong T0 = 1_700_000_000_000_000_000;

    /// <summary>
    /// renameat/linkat/symlinkat/unlinkat/mkdirat/fchmodat/openat with dirfds (cwd, a known fd,
    /// an unknown fd, absolute paths), failed opens with relative paths, and a window of evt.around.
    /// </summary>
    private static SyntheticCapture AtSyscalls()
    {
        var cap = new SyntheticCapture().Machine().IPv4Interface("eth0", "10.0.0.5")
            .Process(100, 100, "mv", cwd: "/home/u/").FileFd(100, 3, "/etc");
        ulong ts = T0;
        Capture.EventBuilder At(int type) => cap.Event(type, 100, ts += 1000);
        At(Ppme.SyscallRenameatE).Fd(-100).String("a").Fd(3).String("b").Add();
        At(Ppme.SyscallRenameatX).Errno(0).Fd(-100).String("a").Fd(3).String("b").Add();
        At(Ppme.SyscallRenameat2E).Fd(3).String("x/../y").Fd(9).String("/abs/z").UInt32(0).Add();
        At(Ppme.SyscallRenameat2X).Errno(0).Fd(3).String("x/../y").Fd(9).String("/abs/z").UInt32(0).Add();
        At(Ppme.SyscallSymlinkatE).Add();
        At(Ppme.SyscallSymlinkatX).Errno(0).String("/target").Fd(3).String("link").Add();
        At(Ppme.SyscallUnlinkatV2E).Add();
        At(Ppme.SyscallUnlinkatV2X).Errno(-2).Fd(-100).String("gone").UInt32(0).Add();
        At(Ppme.SyscallMkdiratE).Add();
        At(Ppme.SyscallMkdiratX).Errno(0).Fd(3).String("newdir/").UInt32(0x1ed).Add();
        At(Ppme.SyscallFchmodatE).Add();
        At(Ppme.SyscallFchmodatX).Errno(0).Fd(42).String("f").UInt32(0x1a4).Add();
        At(Ppme.SyscallLinkatV2E).Add();
        At(Ppme.SyscallLinkatV2X).Errno(0).Fd(-100).String("src").Fd(3).String("dst").UInt32(0).Add();
        // Failed opens: the name still shows, joined to the cwd or the dirfd.
        At(EventTable.Codes.OpenE).String("rel/file").UInt32(1).UInt32(0).Add();
        At(EventTable.Codes.OpenX).Fd(-2).String("rel/file").UInt32(1).UInt32(0).UInt32(0).Add();
        At(Ppme.SyscallOpenatV2E).Fd(3).String("conf").UInt32(1).UInt32(0).Add();
        At(Ppme.SyscallOpenatV2X).Fd(-13).Fd(3).String("conf").UInt32(1).UInt32(0).UInt32(0).Add();
        At(Ppme.SyscallOpenatV2E).Fd(3).String("ok.conf").UInt32(1).UInt32(0).Add();
        At(Ppme.SyscallOpenatV2X).Fd(4).Fd(3).String("ok.conf").UInt32(1).UInt32(0).UInt32(0).Add();
        At(Ppme.SyscallPipeE).Add();
        At(Ppme.SyscallPipeX).Errno(-24).Fd(-1).Fd(-1).UInt64(0).Add();
        return cap;
    }

    [SkippableFact]
    public void AtSyscallPathsMatchSysdig()
    {
        SysdigOracle.Require();
        string dir = Directory.CreateTempSubdirectory("sharpdig-fields-").FullName;
        try
        {
            string path = AtSyscalls().WriteFile(Path.Combine(dir, "at.scap"));
            string[] fields = ["evt.type", "evt.abspath", "evt.abspath.src", "evt.abspath.dst", "fd.num", "fd.typechar", "fd.name",
                "fd.directory", "fd.containerdirectory", "fd.filename", "fd.name_changed"];
            string format = "*%evt.num" + string.Concat(fields.Select(f => "\u0001%" + f));
            var (expected, stderr, code) = SysdigOracle.Run("-r", path, "-p", format);
            Assert.Equal(0, code);
            Assert.Equal("", stderr);
            var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-p", format);
            Assert.Equal(0, rc);
            // The capture must exercise the fields: sysdig resolves at least the renameat paths.
            Assert.Contains("/home/u/a", expected);
            AssertSameLines(expected, actual, fields);
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void AroundWindowMatchesSysdig(int deltaMs)
    {
        SysdigOracle.Require();
        string dir = Directory.CreateTempSubdirectory("sharpdig-fields-").FullName;
        try
        {
            var cap = new SyntheticCapture().Machine().Process(100, 100, "sleep");
            // Events 0.4 ms apart: a window of D ms around the third one takes about 2.5 D of them on each side.
            for (int i = 0; i < 40; i++)
                cap.Event(Ppme.SyscallRenameatE, 100, T0 + (ulong)i * 400_000).Add();
            string path = cap.WriteFile(Path.Combine(dir, "around.scap"));
            string filter = $"evt.around[{T0 + 2 * 400_000}]={deltaMs}";
            var (expected, _, code) = SysdigOracle.Run("-r", path, "-p", "%evt.num", filter);
            Assert.Equal(0, code);
            var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-p", "%evt.num", filter);
            Assert.Equal(0, rc);
            Assert.NotEqual("", expected);
            Assert.Equal(expected, actual);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>JSON values: raw arguments (buffers become \u escapes the way jsoncpp decodes them) and the swept fields.</summary>
    [SkippableTheory]
    [InlineData("curl_google.scap")]
    [InlineData("falco_ping_sendto.scap")]
    [InlineData("single_ipv6_conn.scap")]
    public void JsonFieldsMatchSysdig(string capture)
    {
        SysdigOracle.Require();
        string path = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        const string format = "*%evt.num %evt.rawarg.data %evt.rawarg.size %evt.rawarg.name %fd.name_changed %proc.vmsize %fd.lip %evt.around[1]";
        SysdigOracle.AssertSameOutput("-r", path, "-j", "-p", format);
    }

    /// <summary>
    /// Formats whose output depends on how often sysdig reads a field: deltas kept per field (read
    /// for every token even when the line is dropped, twice per field in -j), the time texts -j
    /// writes as numbers, and evt.type.is.X, whose token is empty unless it ends the format.
    /// </summary>
    [SkippableTheory]
    [InlineData("-p", "%evt.num %fd.name %evt.deltatime %thread.exectime")]
    [InlineData("-p", "*%evt.type.is.open %evt.num %evt.deltatime.ns")]
    [InlineData("-j", "*%evt.num %evt.time %evt.datetime %evt.deltatime %thread.exectime %thread.totexectime %evt.type.is.read")]
    [InlineData("-j", "*%evt.type.is.open %evt.num %evt.time.iso8601 %evt.deltatime.s %fd.name")]
    [InlineData("-j", "%fd.name %evt.num %evt.deltatime")]
    public void ReadCountsMatchSysdig(string mode, string format)
    {
        SysdigOracle.Require();
        string path = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        string[] args = mode == "-j" ? ["-r", path, "-j", "-p", format] : ["-r", path, "-p", format];
        var (expected, _, code) = SysdigOracle.Run(args);
        Assert.Equal(0, code);
        var (rc, actual) = ToolRunner.RunSharpdig(args);
        Assert.Equal(0, rc);
        Assert.NotEqual("", expected);
        Assert.Equal(expected, actual);
    }

    /// <summary>Non-ASCII text in JSON: two-, three- and four-byte UTF-8 (the last as a surrogate pair).</summary>
    [SkippableFact]
    public void JsonEscapesNonAsciiLikeSysdig()
    {
        SysdigOracle.Require();
        string dir = Directory.CreateTempSubdirectory("sharpdig-fields-").FullName;
        try
        {
            string path = new SyntheticCapture().Machine().Process(100, 100, "caf\u00e9\u2014", cwd: "/home/\u00fc/")
                .OpenPair(100, T0, 3, "/tmp/\U0001F600.txt").WriteFile(Path.Combine(dir, "utf8.scap"));
            var (expected, _, code) = SysdigOracle.Run("-r", path, "-j");
            Assert.Equal(0, code);
            Assert.Contains("\\u00e9", expected);
            var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-j");
            Assert.Equal(0, rc);
            Assert.Equal(expected, actual);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Compares outputs line by line and names the first field that differs.</summary>
    private static void AssertSameLines(string expected, string actual, string[] fields)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] == a[i]) continue;
            var ec = e[i].Split('\u0001');
            var ac = a[i].Split('\u0001');
            for (int c = 1; c < Math.Min(ec.Length, ac.Length); c++)
                if (ec[c] != ac[c])
                    Assert.Fail($"event {ec[0]}: {fields[c - 1]} is '{ac[c]}', sysdig prints '{ec[c]}'");
            Assert.Equal(e[i], a[i]);
        }
        Assert.Equal(e.Length, a.Length);
    }
}
