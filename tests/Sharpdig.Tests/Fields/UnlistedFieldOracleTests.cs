using System.Text.RegularExpressions;
using Sharpdig.Events;
using Sharpdig.Fields;
using Sharpdig.Filtering;
using Sharpdig.Formatting.Templates;
using Sharpdig.State;
using Sharpdig.Tests.Capture;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Fields;

/// <summary>
/// The fields sysdig 0.29.3 accepts in formats and filters but does not list (its curses views use
/// them): compared with the real sysdig on the corpus, on the synthetic state scenarios, and on
/// captures made for what the corpus lacks (latencies past 100 s, Docker infrastructure events).
/// </summary>
public class UnlistedFieldOracleTests
{
    private static readonly string[] Captures = TestPaths.SysdigReadableCaptures;

    /// <summary>Every unlisted field, span ones with arguments as sysdig takes them.</summary>
    private static readonly string[] Fields =
    [
        "evt.buflen.in", "evt.buflen.out", "evt.buflen.file", "evt.buflen.file.in", "evt.buflen.file.out",
        "evt.buflen.net", "evt.buflen.net.in", "evt.buflen.net.out", "evt.count.procinfo", "evt.count.threadinfo",
        "evt.latency.quantized", "thread.vmsize.b", "thread.vmrss.b", "thread.nametid",
        "evt.infra.docker.name", "evt.infra.docker.container.id", "evt.infra.docker.container.name",
        "evt.infra.docker.container.image", "span.count", "span.idtag[0]", "span.idtag[-1]", "span.rawtime",
        "span.rawparenttime", "span.duration.quantized", "span.count.fortag[0]", "span.childcount.fortag[1]",
        "span.duration.fortag[1]",
    ];

    // One column per field, separated by a character no value contains.
    private static readonly string Format = "*%evt.num" + string.Concat(Fields.Select(f => "\u0001%" + f));

    [Fact]
    public void They_compile_but_are_not_listed()
    {
        string listing = FieldListing.Render(verbose: true, markdown: false) + FieldListing.Render(verbose: false, markdown: true);
        foreach (var f in Fields)
        {
            Assert.True(FieldCatalog.TryCompile(f, out _, out string error), error);
            string name = Regex.Replace(f, @"\[.*\]$", "");
            Assert.False(FieldCatalog.TryGetInfo(name, out var info) && info.IsListed, $"{name} is listed");
            Assert.DoesNotMatch($@"(?m)^`?{Regex.Escape(name)}\b[^.]", listing);
        }
        // The listed fields around them still are.
        Assert.Matches(@"(?m)^evt\.buflen\s", listing);
        Assert.Matches(@"(?m)^thread\.vmsize\s", listing);
    }

    public static TheoryData<string> CorpusCaptures() => [.. Captures];

    /// <summary>With -D, so that the procinfo events (which the procinfo/threadinfo counters count) are printed too.</summary>
    [SkippableTheory]
    [MemberData(nameof(CorpusCaptures))]
    public void Corpus_values_match_sysdig(string capture)
    {
        SysdigOracle.Require();
        AssertSameAsSysdig(Path.Combine(TestPaths.RequireShared("corpus"), capture), debug: true);
    }

    [SkippableTheory]
    [InlineData("curl_google.scap")]
    [InlineData("single_ipv6_conn.scap")]
    [InlineData("falco_cat_write.scap")]
    public void Json_matches_sysdig(string capture)
    {
        SysdigOracle.Require();
        string path = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        string format = "*%evt.num %thread.nametid %evt.buflen.in %evt.buflen.file.out %evt.buflen.net %evt.latency.quantized "
            + "%thread.vmsize.b %thread.vmrss.b %evt.infra.docker.name %span.count %span.idtag[0] %span.duration.fortag[1]";
        var (expected, _, code) = SysdigOracle.Run("-r", path, "-j", "-p", format);
        Assert.Equal(0, code);
        var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-j", "-p", format);
        Assert.Equal(0, rc);
        Assert.Contains("\"thread.nametid\":\"", expected);
        Assert.Equal(expected, actual);
    }

    public static TheoryData<int> Scenarios() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    /// <summary>The synthetic state scenarios: sockets, pipes and files read and written, threads, execve.</summary>
    [SkippableTheory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_values_match_sysdig(int scenario)
    {
        SysdigOracle.Require();
        string path = Path.Combine(Path.GetTempPath(), $"sharpdig-unlisted-{scenario}-{Environment.ProcessId}.scap");
        try
        {
            SyntheticCaptures.Write(path, scenario);
            AssertSameAsSysdig(path, debug: true);
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string> Filters() =>
    [
        "evt.buflen.in > 100", "evt.buflen.out exists", "evt.buflen.file = 0", "evt.buflen.file.in >= 1",
        "evt.buflen.file.out exists", "evt.buflen.net < 1000", "evt.buflen.net.in exists", "not evt.buflen.net.out exists",
        "evt.latency.quantized = 1", "evt.latency.quantized exists and evt.type=read", "thread.nametid contains curl",
        "thread.nametid startswith sh", "thread.vmsize.b > 1000000", "thread.vmrss.b = 0", "evt.count.threadinfo exists",
        "evt.infra.docker.name exists", "not evt.infra.docker.container.id exists", "span.count exists",
        "not span.count exists", "span.idtag[0] = 1", "not span.count.fortag[0] = 0", "span.rawtime != x",
        "span.duration.fortag[1] in (1, 2)", "span.childcount.fortag.x = 1",
    ];

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public void Filters_match_sysdig(string filter)
    {
        SysdigOracle.Require();
        foreach (var capture in new[] { "curl_google.scap", "single_ipv6_conn.scap" })
        {
            string path = Path.Combine(TestPaths.RequireShared("corpus"), capture);
            SysdigOracle.AssertSameOutput("-r", path, "-p", "%evt.num %evt.type", filter);
        }
    }

    /// <summary>
    /// Formats and filters sysdig refuses, or reads oddly, because of how it takes span arguments:
    /// the message must be sysdig's (the last line it writes to stderr).
    /// </summary>
    [SkippableTheory]
    [InlineData("-p", "%evt.num %span.idtag")]
    [InlineData("-p", "%evt.num %span.idtag.x")]
    [InlineData("-p", "%evt.num %span.idtag[abc]")]
    [InlineData("-p", "%evt.num %span.count.fortag")]
    [InlineData("-p", "%evt.num %span.count.fortagx")]
    [InlineData("-p", "%evt.num %span.arg[1 %evt.num")]
    [InlineData("-p", "%evt.num %span.tag.x")]
    [InlineData("filter", "span.idtag.x=1")]
    [InlineData("filter", "span.idtag=1")]
    [InlineData("filter", "span.idtag[abc]=1")]
    [InlineData("filter", "span.count=abc")]
    [InlineData("filter", "evt.num=1 and span.count.fortag")]
    [InlineData("filter", "span.idtag[1 exists")]
    [InlineData("filter", "thread.nametid")]
    [InlineData("filter", "evt.num>1 and (evt.buflen.net  foo")]
    public void Bad_uses_are_refused_like_sysdig(string kind, string text)
    {
        SysdigOracle.Require();
        string path = Path.Combine(TestPaths.RequireShared("corpus"), "falco_syscall.scap");
        var (_, stderr, code) = kind == "-p" ? SysdigOracle.Run("-r", path, "-p", text) : SysdigOracle.Run("-r", path, text);
        Assert.NotEqual(0, code);
        string expected = stderr.TrimEnd('\n').Split('\n')[^1];
        string actual;
        try
        {
            if (kind == "-p") OutputTemplate.Parse(text); else CompiledFilter.Compile(text);
            actual = "(accepted)";
        }
        catch (Exception e) when (e is FormatException or FilterSyntaxException) { actual = e.Message; }
        Assert.Equal(expected, actual);
    }

    /// <summary>Formats sysdig accepts although they look wrong: an argument without ']' covers no text.</summary>
    [SkippableTheory]
    [InlineData("*%evt.num %span.arg[1")]
    [InlineData("*%evt.num %span.duration.fortag[2")]
    [InlineData("*%evt.num %span.count.fortag.x %evt.num")]
    [InlineData("*%evt.num %span.count.fortag[1]x%thread.nametidx")]
    [InlineData("*%evt.num %evt.buflen.filex %evt.buflen.net.inx %evt.latency.quantizedx %thread.vmsize.bx")]
    public void Odd_formats_print_like_sysdig(string format)
    {
        SysdigOracle.Require();
        string path = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        var (expected, _, code) = SysdigOracle.Run("-r", path, "-p", format);
        Assert.Equal(0, code);
        var (rc, actual) = ToolRunner.RunSharpdig("-r", path, "-p", format);
        Assert.Equal(0, rc);
        Assert.NotEqual("", expected);
        Assert.Equal(expected, actual);
    }

    private const ulong T0 = 1_700_000_000_000_000_000;

    /// <summary>
    /// Latencies around 10^11 ns, where sysdig's quantized latency turns from 1 to 0, and Docker
    /// infrastructure events with descriptions in several shapes.
    /// </summary>
    private static SyntheticCapture LongSleepsAndDockerEvents()
    {
        var cap = new SyntheticCapture().Machine().Process(100, 100, "sleep").Process(101, 100, "sleep").Process(200, 200, "dockerd");
        ulong ts = T0;
        foreach (ulong latency in new ulong[] { 1, 9, 10, 99_999_999_999, 100_000_000_000, 100_000_000_001, 3_000_000_000_000 })
        {
            cap.Event(Ppme.SyscallNanosleepE, 100, ts += 1000).UInt64(latency).Add();
            cap.Event(Ppme.SyscallNanosleepX, 100, ts += latency).Errno(0).Add();
        }
        string[] descriptions =
        [
            "Event: start; ID: 0123456789abcdef0123; name: web; Image: nginx:1.21@sha256:abc",
            "Event:die;ID:short;name:  spaced name ;Image: sha256:0011223344",
            "  name: first; Event: kill ; Image: repo/img:latest; ID:  abcdefabcdefabcdef",
            "Event: a:b; IDs: x; Imagery: foo:bar; names: n",
            "foo: bar; other: thing",
            // (An entry with nothing after its ':', such as "ID: ", crashes sysdig: not tested.)
            "Event::x; name:\tt\t",
            "",
        ];
        foreach (var d in descriptions)
            cap.Event(Ppme.InfrastructureEventE, 200, ts += 1000).String("docker").String("container").String(d).String("container").Add();
        // Procinfo events of a main thread, a secondary thread and a thread nobody knows.
        foreach (long tid in new long[] { 100, 101, 999 })
            cap.Event(EventTable.Codes.ProcInfoE, tid, ts += 1000).UInt64(5).UInt64(7).Add();
        return cap;
    }

    [SkippableFact]
    public void Long_latencies_docker_events_and_procinfo_match_sysdig()
    {
        SysdigOracle.Require();
        string dir = Directory.CreateTempSubdirectory("sharpdig-unlisted-").FullName;
        try
        {
            string path = LongSleepsAndDockerEvents().WriteFile(Path.Combine(dir, "long.scap"));
            string expected = AssertSameAsSysdig(path, debug: true);
            // The capture must exercise the fields: both quantized values, a docker name and image.
            Assert.Contains("\u00011\u0001", expected);
            Assert.Contains("\u00010\u0001", expected);
            Assert.Contains("\u0001start\u00010123456789ab\u0001web\u0001nginx\u0001", expected);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Prints every unlisted field on every event of a capture with both tools and compares; returns sysdig's lines.</summary>
    private static string AssertSameAsSysdig(string path, bool debug)
    {
        string[] args = debug ? ["-r", path, "-D", "-p", Format] : ["-r", path, "-p", Format];
        var (stdout, _, code) = SysdigOracle.Run(args);
        Assert.Equal(0, code);
        // -D makes sysdig log its own lines (they start with a date, and some end with a blank line).
        string expected = string.Join('\n', stdout.Split('\n').Where(l => l.Length > 0 && !Regex.IsMatch(l, @"^\d\d-\d\d \d")));
        var (rc, output) = ToolRunner.RunSharpdig(args);
        Assert.Equal(0, rc);
        string actual = output.TrimEnd('\n');
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] == a[i]) continue;
            var ec = e[i].Split('\u0001');
            var ac = a[i].Split('\u0001');
            for (int c = 1; c < Math.Min(ec.Length, ac.Length); c++)
                if (ec[c] != ac[c])
                    Assert.Fail($"event {ec[0]}: {Fields[c - 1]} is '{ac[c]}', sysdig prints '{ec[c]}'");
            Assert.Equal(e[i], a[i]);
        }
        Assert.Equal(e.Length, a.Length);
        return expected;
    }
}
